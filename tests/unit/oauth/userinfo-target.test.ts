import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import { callUrl } from '../../../src/oauth/userinfo-target';
import { ISSUER, testProviders } from '../../support/fake-provider';
import { USERINFO, connect, decodeProof, sha256b64u } from './dpop-harness';

const USERINFO_URL = 'https://id.example.test/oidc/me';

async function providers() {
  const all = await testProviders({
    providers: {
      oidc: { name: 'Plain OIDC', issuer: ISSUER, clientId: 'spa' },
      api: { name: 'With API', issuer: ISSUER, clientId: 'spa', apiBaseUrl: `${ISSUER}/api` },
    },
  });
  const byId = (id: string) => {
    const found = all.find((p) => p.id === id);
    if (!found) throw new Error(`no provider ${id}`);
    return found;
  };
  return [byId('oidc'), byId('api')] as const;
}

describe('the UserInfo target of a provider without an API base', () => {
  it('accepts exactly the discovered endpoint', async () => {
    const [oidc] = await providers();
    expect(callUrl(oidc, USERINFO_URL, USERINFO_URL)).toBe(USERINFO_URL);
  });

  it.each([
    ['another path on the same origin', 'https://id.example.test/oidc/other'],
    ['a path below the endpoint', 'https://id.example.test/oidc/me/extra'],
    ['the parent path', 'https://id.example.test/oidc'],
    ['a trailing slash', 'https://id.example.test/oidc/me/'],
    ['a query', 'https://id.example.test/oidc/me?x=1'],
    ['a fragment', 'https://id.example.test/oidc/me#x'],
    ['user info in the URL', 'https://someone@id.example.test/oidc/me'],
    ['a look-alike host', 'https://id.example.test.evil.test/oidc/me'],
    ['plain http', 'http://id.example.test/oidc/me'],
    ['another port', 'https://id.example.test:8443/oidc/me'],
    ['a relative path', '/oidc/me'],
    ['a climb that resolves elsewhere', 'https://id.example.test/x/../oidc/me/../other'],
  ])('refuses %s', async (_why, input) => {
    const [oidc] = await providers();
    expect(() => callUrl(oidc, input, USERINFO_URL)).toThrow(
      expect.objectContaining({ code: ErrorCode.CONFIG }),
    );
  });

  it('without a UserInfo endpoint, refuses everything as before (no API base URL)', async () => {
    const [oidc] = await providers();
    expect(() => callUrl(oidc, USERINFO_URL, undefined)).toThrow(/has no API base URL/);
  });

  it('a provider with an API base ignores the endpoint: only paths under the base', async () => {
    const [, api] = await providers();
    expect(callUrl(api, '/me', USERINFO_URL)).toBe(`${ISSUER}/api/me`);
    expect(() => callUrl(api, USERINFO_URL, USERINFO_URL)).toThrow(/not under With API's API/);
  });
});

describe('authorizedFetch to UserInfo', () => {
  it('sends the DPoP-bound token with a proof to the discovered endpoint, and nothing elsewhere', async () => {
    const { provider, api } = await connect(undefined, undefined, false, undefined, true);
    const response = await api('conn-1', USERINFO);
    expect(await response.json()).toEqual({ ok: true });
    const calls = provider.requests.filter((r) => r.url === USERINFO);
    // The first proof has no nonce; the retry carries the one the 401 asked for.
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.headers.get('authorization')).toBe('DPoP at-1');
      const proof = await decodeProof(call.headers.get('dpop'));
      expect(proof.payload).toMatchObject({
        htm: 'GET',
        htu: USERINFO,
        ath: await sha256b64u('at-1'),
      });
    }
    const before = provider.requests.length;
    for (const other of [`${ISSUER}/token`, `${ISSUER}/userinfo/x`, '/userinfo', `${ISSUER}/`]) {
      await expect(api('conn-1', other)).rejects.toMatchObject({ code: ErrorCode.CONFIG });
    }
    expect(provider.requests.length).toBe(before);
  });

  it('Bearer tokens go to UserInfo too, when DPoP is off', async () => {
    const { provider, api } = await connect(false, undefined, false, undefined, true);
    await api('conn-1', USERINFO);
    const [call] = provider.requests.filter((r) => r.url === USERINFO);
    expect(call!.headers.get('authorization')).toBe('Bearer at-1');
    expect(call!.headers.get('dpop')).toBeNull();
  });
});
