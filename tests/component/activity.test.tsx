import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { redactEntry, type ActivityEntry } from '../../src/oauth/activity';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import { memoryConnections, renderApp, sandboxConnection } from './render-app';

const ACCESS = 'secret-access-token';
const entries: ActivityEntry[] = [
  redactEntry(
    {
      kind: 'api-call',
      summary: 'GET https://id.example.test/api/me: HTTP 200',
      details: { method: 'GET', status: 200, duration: '12 ms' },
      dpop: true,
    },
    Date.UTC(2026, 0, 1, 12, 1),
  ),
  redactEntry(
    {
      kind: 'error',
      summary: `token refresh failed: TOKEN_ENDPOINT_ERROR (${ACCESS})`,
      code: 'TOKEN_ENDPOINT_ERROR',
      secrets: [ACCESS],
    },
    Date.UTC(2026, 0, 1, 12, 0, 30),
  ),
  redactEntry(
    {
      kind: 'callback',
      summary: 'Back at https://app/callback/sandbox',
      details: { code: 'the-authorization-code', iss: 'https://id.example.test' },
    },
    Date.UTC(2026, 0, 1, 12),
  ),
];

function activityService(list: () => Promise<ActivityEntry[]>) {
  return { list, subscribe: () => () => undefined };
}

describe('the Activity region', () => {
  it('lists the entries newest first, redacted, and copies them as text', async () => {
    const user = userEvent.setup();
    renderApp('/connections/c1', {
      connections: memoryConnections([sandboxConnection()]),
      activity: activityService(async () => entries),
    });
    const region = await screen.findByRole('region', { name: 'Activity' });
    const items = await within(region).findAllByRole('listitem');
    expect(items.map((i) => within(i).getByRole('strong').textContent)).toEqual([
      'API call',
      'Error',
      'Callback',
    ]);
    expect(items[0]).toHaveTextContent('DPoP proofyes');
    expect(items[1]).toHaveTextContent('TOKEN_ENDPOINT_ERROR');
    expect(items[2]).toHaveTextContent('[redacted, 22 chars]');
    expect(document.body.textContent).not.toContain('the-authorization-code');
    expect(document.body.textContent).not.toContain(ACCESS);

    await user.click(within(region).getByRole('button', { name: 'Copy activity' }));
    const copied = await navigator.clipboard.readText();
    expect(copied.split('\n')[0]).toBe(
      '2026-01-01T12:01:00.000Z api-call: GET https://id.example.test/api/me: HTTP 200',
    );
    expect(copied).toContain('DPoP proof: yes');
    expect(copied).not.toContain(ACCESS);
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });

  it('says LOCKED while the vault is locked', async () => {
    renderApp('/connections/c1', {
      connections: memoryConnections([sandboxConnection()]),
      activity: activityService(() =>
        Promise.reject(new KeyfobError(ErrorCode.LOCKED, 'Keyfob is locked.')),
      ),
    });
    const region = await screen.findByRole('region', { name: 'Activity' });
    expect(await within(region).findByRole('alert')).toHaveTextContent('LOCKED');
  });
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('the token regions', () => {
  it('decodes the ID token and a JWT access token without showing either raw', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const claims = {
      iss: 'https://id.example.test',
      sub: 'demo',
      aud: 'keyfob-sandbox',
      exp,
      iat: exp - 3700,
      nonce: 'n-123',
    };
    renderApp('/connections/c1', {
      connections: memoryConnections([
        sandboxConnection({
          credential: {
            kind: 'oauth',
            accessToken: `${b64({ alg: 'RS256' })}.${b64(claims)}.sig`,
            tokenType: 'bearer',
          },
          tokens: {
            idToken: { header: { alg: 'RS256', kid: 'k1' }, claims },
            accessToken: { header: { alg: 'RS256', typ: 'at+jwt' }, claims: { scope: 'openid' } },
          },
        }),
      ]),
    });
    const id = await screen.findByRole('region', { name: 'ID token' });
    for (const name of ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce', 'alg', 'kid']) {
      expect(within(id).getAllByText(name, { selector: 'code' }).length).toBeGreaterThan(0);
    }
    // The nonce was spent at the exchange: shown by its length, as the Activity shows it.
    expect(id).not.toHaveTextContent('n-123');
    expect(id).toHaveTextContent('[redacted, 5 chars]');
    expect(id).toHaveTextContent(/It expires /);
    expect(id).toHaveTextContent('signature: not verified');
    expect(id).toHaveTextContent('nonce: equals the one sent with this sign-in');
    const access = screen.getByRole('region', { name: 'Access token' });
    expect(access).toHaveTextContent('as sent, not verified by this page');
    expect(access).toHaveTextContent('at+jwt');
    expect(document.body.innerHTML).not.toContain(b64(claims));
  });
});

describe('granted versus requested scopes', () => {
  it('points out a narrowed grant and asks again for what is missing', async () => {
    const user = userEvent.setup();
    const startAuthorization = vi.fn(async () => new URL('https://id.example.test/auth?x=1'));
    const navigateAway = vi.fn();
    renderApp('/connections/c1', {
      connections: memoryConnections([
        sandboxConnection({
          requestedScopes: ['openid', 'profile', 'offline_access'],
          grantedScopes: ['openid', 'offline_access'],
        }),
      ]),
      flow: { startAuthorization, completeAuthorization: vi.fn() },
      navigateAway,
    });
    expect(
      await screen.findByText(
        'Asked for openid, profile, offline_access; the provider granted openid, offline_access. Missing: profile.',
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Ask again' }));
    expect(startAuthorization).toHaveBeenCalledWith('sandbox', {
      connectionId: 'c1',
      scopes: ['openid', 'profile', 'offline_access'],
      returnTo: '/connections/c1',
    });
    expect(navigateAway).toHaveBeenCalledWith(new URL('https://id.example.test/auth?x=1'));
  });

  it('says nothing when everything asked for was granted', async () => {
    renderApp('/connections/c1', {
      connections: memoryConnections([
        sandboxConnection({ requestedScopes: ['openid', 'offline_access'] }),
      ]),
    });
    await screen.findByRole('region', { name: 'Activity' });
    expect(screen.queryByRole('button', { name: 'Ask again' })).not.toBeInTheDocument();
  });
});
