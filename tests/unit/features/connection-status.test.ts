import { describe, expect, it } from 'vitest';
import { resolveProviders } from '../../../src/config/resolve';
import { validateConfig } from '../../../src/config/validate';
import { providerBinding } from '../../../src/oauth/binding';
import { refreshDueAt } from '../../../src/oauth/refresh-due';
import type { Connection } from '../../../src/oauth/types';
import {
  connectionStatus,
  formatDuration,
  timeLeftText,
} from '../../../src/features/connections/status/status-model';
import { tickInterval } from '../../../src/components/use-clock';

const providers = resolveProviders(
  validateConfig({
    providers: {
      sandbox: { name: 'Sandbox', issuer: 'https://id.example.test', clientId: 'keyfob-sandbox' },
      cloudconvert: { clientId: 'cc', useProxy: true },
    },
    proxyUrl: 'https://proxy.example.test',
  }),
);
const sandbox = providers.find((p) => p.id === 'sandbox')!;

/** The fake clock: every time below is an offset from T0. */
const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const MIN = 60_000;

function tokenConnection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 'c1',
    providerId: 'sandbox',
    providerName: 'Sandbox',
    authMethod: 'oauth',
    issuer: sandbox.issuer,
    createdAt: T0,
    updatedAt: T0,
    obtainedAt: T0,
    expiresAt: T0 + 10 * MIN,
    grantedScopes: ['openid'],
    hasRefreshToken: true,
    status: 'connected',
    binding: providerBinding(sandbox),
    credential: { kind: 'oauth', accessToken: 'a', tokenType: 'bearer', refreshToken: 'r' },
    ...overrides,
  };
}

describe('connectionStatus, along a fake clock', () => {
  it('a token with a refresh token: connected, refreshing, renews on next use, never "expired"', () => {
    const c = tokenConnection();
    const fresh = connectionStatus(c, T0 + MIN, { provider: sandbox });
    expect(fresh).toMatchObject({
      kind: 'connected',
      label: 'Connected',
      timeLeftText: 'expires in 9 min',
      canRefresh: true,
      lastEvent: { what: 'connected', at: T0 },
    });
    expect(fresh.fractionLeft).toBeCloseTo(0.9);

    const near = connectionStatus(c, T0 + 9 * MIN + 15_000, { provider: sandbox });
    expect(near).toMatchObject({ kind: 'connected', timeLeftText: 'expires in 45 s' });

    const busy = connectionStatus(c, T0 + 9 * MIN + 40_000, {
      provider: sandbox,
      refreshing: true,
    });
    expect(busy).toMatchObject({
      kind: 'refreshing',
      label: 'Connected',
      detail: 'Refreshing the access token…',
    });

    const late = connectionStatus(c, T0 + 12 * MIN, { provider: sandbox });
    expect(late).toMatchObject({
      kind: 'renews-on-next-use',
      label: 'Connected',
      timeLeftText: 'expired 2 min ago',
      fractionLeft: 0,
      canRefresh: true,
    });
    expect(late.detail).toMatch(/^Renews on next use/);
  });

  it('after a refresh: the lifetime restarts from the refresh and says when it was', () => {
    const at = T0 + 9 * MIN;
    const c = tokenConnection({
      obtainedAt: at,
      refreshedAt: at,
      updatedAt: at,
      expiresAt: at + 10 * MIN,
    });
    const view = connectionStatus(c, at, { provider: sandbox });
    expect(view).toMatchObject({
      kind: 'connected',
      fractionLeft: 1,
      timeLeftText: 'expires in 10 min',
    });
    expect(view.lastEvent).toEqual({ what: 'refreshed', at });
    const checked = connectionStatus({ ...c, checkedAt: at + MIN }, at + 2 * MIN, {
      provider: sandbox,
    });
    expect(checked.lastEvent).toEqual({ what: 'checked', at: at + MIN });
    // A check moves updatedAt, not the token's age.
    expect(
      connectionStatus({ ...c, updatedAt: at + 5 * MIN }, at + 5 * MIN, { provider: sandbox })
        .fractionLeft,
    ).toBeCloseTo(0.5);
  });

  it('no refresh token: connected until expiry, then needs reconnect with the reason', () => {
    const c = tokenConnection({
      hasRefreshToken: false,
      credential: { kind: 'oauth', accessToken: 'a', tokenType: 'bearer' },
    });
    expect(connectionStatus(c, T0 + MIN, { provider: sandbox })).toMatchObject({
      kind: 'connected',
      canRefresh: false,
    });
    // "refreshing" cannot be true of a token that cannot refresh.
    expect(connectionStatus(c, T0 + MIN, { provider: sandbox, refreshing: true }).kind).toBe(
      'connected',
    );
    expect(connectionStatus(c, T0 + 10 * MIN, { provider: sandbox })).toMatchObject({
      kind: 'needs-reconnect',
      label: 'Needs reconnect',
      code: 'NEEDS_RECONNECT',
      reason: 'Access expired and Sandbox gave no refresh token, so it cannot renew.',
    });
  });

  it('a recorded failure wins over the clock: its code and reason', () => {
    for (const code of ['NEEDS_RECONNECT', 'REFRESH_ANSWER_LOST', 'PROVIDER_CHANGED']) {
      const c = tokenConnection({
        status: 'needs-reconnect',
        statusCode: code,
        statusReason: `why ${code}`,
      });
      expect(connectionStatus(c, T0 + MIN, { provider: sandbox, refreshing: true })).toMatchObject({
        kind: 'needs-reconnect',
        code,
        reason: `why ${code}`,
        canRefresh: false,
      });
    }
    // A refused check recorded by an earlier version: no code stored, the generic one.
    const old = tokenConnection({ status: 'needs-reconnect', statusReason: 'refused (401)' });
    expect(connectionStatus(old, T0, { provider: sandbox })).toMatchObject({
      code: 'NEEDS_RECONNECT',
      reason: 'refused (401)',
    });
  });

  it('a provider that changed under the id: needs reconnect at once, before any call', () => {
    const moved = resolveProviders(
      validateConfig({
        providers: {
          sandbox: { name: 'Sandbox', issuer: 'https://other.example.test', clientId: 'x' },
        },
      }),
    ).find((p) => p.id === 'sandbox')!;
    const view = connectionStatus(tokenConnection(), T0 + MIN, { provider: moved });
    expect(view).toMatchObject({
      kind: 'needs-reconnect',
      code: 'PROVIDER_CHANGED',
      canRefresh: false,
    });
  });

  it('a provider no longer configured: works until expiry, then needs reconnect (no renewal)', () => {
    const c = tokenConnection();
    expect(connectionStatus(c, T0 + MIN, {})).toMatchObject({
      kind: 'connected',
      canRefresh: false,
    });
    expect(connectionStatus(c, T0 + 11 * MIN, {})).toMatchObject({
      kind: 'needs-reconnect',
      code: 'NEEDS_RECONNECT',
      reason: 'Sandbox is no longer configured here, so its token cannot renew.',
    });
  });

  it('a record the vault cannot open is unreadable, whatever the clock', () => {
    const c = tokenConnection({
      credential: undefined,
      status: 'needs-reconnect',
      statusReason: 'The stored credential could not be decrypted.',
    });
    expect(connectionStatus(c, T0, { provider: sandbox })).toMatchObject({
      kind: 'unreadable',
      label: 'Unreadable',
      code: 'UNREADABLE',
      reason: 'The stored credential could not be decrypted.',
      canRefresh: false,
    });
  });

  it('an API key: connected, does not expire, nothing to refresh', () => {
    const cc = providers.find((p) => p.id === 'cloudconvert')!;
    const key = tokenConnection({
      providerId: 'cloudconvert',
      providerName: 'CloudConvert',
      authMethod: 'api-key',
      issuer: undefined,
      binding: providerBinding(cc),
      expiresAt: undefined,
      hasRefreshToken: false,
      credential: { kind: 'api-key', apiKey: 'k' },
    });
    const view = connectionStatus(key, T0 + 1000 * MIN, { provider: cc });
    expect(view).toMatchObject({
      kind: 'connected',
      timeLeftText: 'Does not expire',
      canRefresh: false,
    });
    expect(view.fractionLeft).toBeUndefined();
  });
});

describe('the words and the clock', () => {
  it('durations and time left', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(4 * MIN)).toBe('4 min');
    expect(formatDuration(3 * 60 * MIN)).toBe('3 h');
    expect(formatDuration(3 * 24 * 60 * MIN)).toBe('3 days');
    expect(timeLeftText(T0 + 4 * MIN, T0)).toBe('expires in 4 min');
    expect(timeLeftText(T0, T0)).toBe('expired 0 s ago');
    expect(timeLeftText(undefined, T0, 'api-key')).toBe('Does not expire');
    expect(timeLeftText(undefined, T0)).toBe('Lifetime not given by the provider');
  });

  it('ticks every second in the last two minutes, every 30 s before, not at all without expiry', () => {
    expect(tickInterval(T0 + 10 * MIN, T0)).toBe(30_000);
    // Never past the start of the last two minutes.
    expect(tickInterval(T0 + 2 * MIN + 5_000, T0)).toBe(6_000);
    expect(tickInterval(T0 + MIN, T0)).toBe(1_000);
    expect(tickInterval(T0 - MIN, T0)).toBe(1_000);
    expect(tickInterval(undefined, T0)).toBeUndefined();
  });

  it('renews when authorizedFetch would: 30 s early, at most a quarter of the lifetime', () => {
    expect(refreshDueAt(tokenConnection())).toBe(T0 + 10 * MIN - 30_000);
    expect(refreshDueAt(tokenConnection({ expiresAt: T0 + 8_000 }))).toBe(T0 + 6_000);
    expect(refreshDueAt(tokenConnection({ expiresAt: undefined }))).toBeUndefined();
  });
});
