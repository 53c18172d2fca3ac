import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import { needsRefresh, refreshDueAt } from '../../../src/oauth/refresh-due';
import { ISSUER } from '../../support/fake-provider';
import { T0, browser, rotatingProvider, storedConnection, storedTokens } from './harness';

describe('when to refresh', () => {
  it('refreshes within the 30 s clock-skew margin before expiry, not while the token is fresh', () => {
    const c = storedConnection();
    expect(needsRefresh(c, T0 + 89_000)).toBe(false);
    expect(needsRefresh(c, T0 + 90_000)).toBe(true);
    expect(needsRefresh(storedConnection({ expiresAt: undefined }), T0 + 10 ** 9)).toBe(false);
  });

  it('uses at most a quarter of a short lifetime as the margin, so 5 s tokens are not refreshed on every call', () => {
    const c = storedConnection({ expiresAt: T0 + 5_000 });
    expect(needsRefresh(c, T0 + 3_000)).toBe(false);
    expect(needsRefresh(c, T0 + 3_750)).toBe(true);
  });

  it('makes no token request for a fresh token, and one within the margin', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const { refresher } = b.tab();
    b.clock.now = T0 + 60_000;
    expect((await refresher.ensureFresh('conn-1')).credential).toMatchObject({
      accessToken: 'at-0',
    });
    expect(provider.tokenRequests()).toHaveLength(0);
    b.clock.now = T0 + 95_000;
    const fresh = await refresher.ensureFresh('conn-1');
    expect(fresh.credential).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1' });
    expect(fresh.expiresAt).toBe(T0 + 95_000 + 120_000);
    expect(provider.tokenRequests()).toHaveLength(1);
  });

  it('sends the exact refresh token grant request', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    await b.tab().refresher.ensureFresh('conn-1');
    const [request] = provider.tokenRequests();
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(`${ISSUER}/token`);
    expect(request!.headers.get('content-type')).toBe(
      'application/x-www-form-urlencoded;charset=UTF-8',
    );
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-0',
      client_id: 'spa',
    });
  });
});

describe('rotation bookkeeping', () => {
  it('stores the rotated refresh token with the new access token, sealed in one record', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    await b.tab().refresher.ensureFresh('conn-1');
    expect(await storedTokens(b.connections)).toMatchObject({
      accessToken: 'at-1',
      refreshToken: 'rt-1',
    });
    const raw = JSON.stringify([...b.data.data.values()]);
    expect(raw).not.toContain('rt-1');
    expect(raw).not.toContain('at-1');
    // The next refresh sends the rotated token, never the old one.
    b.clock.now = T0 + 121_000 + 121_000;
    await b.tab().refresher.ensureFresh('conn-1');
    expect(new URLSearchParams(provider.tokenRequests()[1]!.body).get('refresh_token')).toBe(
      'rt-1',
    );
    expect(await storedTokens(b.connections)).toMatchObject({
      accessToken: 'at-2',
      refreshToken: 'rt-2',
    });
  });

  it('keeps the old refresh token when the response brings none', async () => {
    const provider = rotatingProvider();
    provider.server.omitRefreshToken = true;
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    const fresh = await b.tab().refresher.ensureFresh('conn-1');
    expect(fresh.credential).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-0' });
    expect(await storedTokens(b.connections)).toMatchObject({
      accessToken: 'at-1',
      refreshToken: 'rt-0',
    });
  });
});

describe('single flight', () => {
  it('20 concurrent authorized calls in one tab make one refresh request', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    const { api } = b.tab();
    const answers = await Promise.all(Array.from({ length: 20 }, () => api('conn-1', '/me')));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(provider.tokenRequests()).toHaveLength(1);
    expect(
      provider.apiRequests().every((r) => r.headers.get('authorization') === 'Bearer at-1'),
    ).toBe(true);
  });

  it('two tabs with 20 calls each make one refresh: the lock holder re-reads storage first', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    const one = b.tab();
    const two = b.tab();
    const calls = [one, two].flatMap((t) =>
      Array.from({ length: 20 }, () => t.api('conn-1', '/me')),
    );
    const answers = await Promise.all(calls);
    expect(answers.every((r) => r.ok)).toBe(true);
    expect(provider.tokenRequests()).toHaveLength(1);
    expect(provider.requests.some((r) => r.body.includes('invalid_grant'))).toBe(false);
  });

  it('a tab that waited for the lock uses the tokens another tab stored, and sends nothing', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    const other = b.tab();
    const mine = b.tab();
    // The other tab holds the lock and refreshes; this tab read the expired token before that.
    const before = await b.connections.get('conn-1');
    expect(mine.refresher.needsRefresh(before!)).toBe(true);
    const [theirs, ours] = await Promise.all([
      other.refresher.ensureFresh('conn-1'),
      mine.refresher.ensureFresh('conn-1'),
    ]);
    expect(ours.credential).toEqual(theirs.credential);
    expect(provider.tokenRequests()).toHaveLength(1);
  });
});

describe('invalid_grant', () => {
  it('marks the connection "needs reconnect" when no newer token was stored', async () => {
    const provider = rotatingProvider();
    provider.server.refreshToken = 'rt-revoked-at-the-provider';
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    const error = await b
      .tab()
      .refresher.ensureFresh('conn-1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.NEEDS_RECONNECT, oauthError: 'invalid_grant' });
    const stored = await b.connections.get('conn-1');
    expect(stored?.status).toBe('needs-reconnect');
    expect(stored?.statusReason).toContain('invalid_grant');
  });

  it('uses the newer token another tab stored meanwhile, and stays connected', async () => {
    const b = await browser();
    const provider = rotatingProvider({
      [`${ISSUER}/token`]: async () => {
        // Another tab (without the lock, e.g. a reconnect) stored a newer grant in the meantime.
        await b.connections.save(
          storedConnection({
            updatedAt: T0 + 121_000,
            expiresAt: T0 + 241_000,
            credential: {
              kind: 'oauth',
              accessToken: 'at-9',
              tokenType: 'bearer',
              refreshToken: 'rt-9',
            },
          }),
        );
        return new Response(JSON.stringify({ error: 'invalid_grant' }), {
          status: 400,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    const fresh = await b.tab(provider.fetch).refresher.ensureFresh('conn-1');
    expect(fresh.credential).toMatchObject({ accessToken: 'at-9', refreshToken: 'rt-9' });
    expect((await b.connections.get('conn-1'))?.status).toBe('connected');
  });

  it('a network failure during refresh loses nothing: the old refresh token is kept for the retry', async () => {
    const provider = rotatingProvider();
    let down = true;
    const flaky = async (input: string | URL | Request, init?: RequestInit) => {
      if (down && String(input).endsWith('/token')) throw new TypeError('Failed to fetch');
      return provider.fetch(input, init);
    };
    const b = await browser({ fetch: flaky });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    const { api } = b.tab();
    await expect(api('conn-1', '/me')).rejects.toMatchObject({ code: ErrorCode.UNREACHABLE });
    expect(await b.connections.get('conn-1')).toMatchObject({
      status: 'connected',
      credential: { refreshToken: 'rt-0' },
    });
    down = false;
    expect((await api('conn-1', '/me')).status).toBe(200);
    expect(await storedTokens(b.connections)).toMatchObject({ refreshToken: 'rt-1' });
  });
});

describe('refresh now', () => {
  it('renews a fresh token at once, records when, and the next due time moves with it', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 10_000;
    const renewed = await b.tab().refresher.refreshNow('conn-1');
    expect(provider.tokenRequests()).toHaveLength(1);
    expect(renewed).toMatchObject({
      obtainedAt: T0 + 10_000,
      refreshedAt: T0 + 10_000,
      expiresAt: T0 + 10_000 + 120_000,
    });
    expect(renewed.credential).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1' });
    expect(refreshDueAt(renewed)).toBe(T0 + 10_000 + 90_000);
    expect(await b.connections.get('conn-1')).toMatchObject({ refreshedAt: T0 + 10_000 });
  });

  it('two presses at once in one tab make one request', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const { refresher } = b.tab();
    const [a, c] = await Promise.all([
      refresher.refreshNow('conn-1'),
      refresher.refreshNow('conn-1'),
    ]);
    expect(provider.tokenRequests()).toHaveLength(1);
    expect(a.credential).toEqual(c.credential);
  });

  it('two tabs whose timers fire together make one request (the page timer uses ensureFresh)', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 91_000;
    await Promise.all([
      b.tab().refresher.ensureFresh('conn-1'),
      b.tab().refresher.ensureFresh('conn-1'),
    ]);
    expect(provider.tokenRequests()).toHaveLength(1);
  });
});
