import { describe, expect, it } from 'vitest';
import {
  redirectUriFor,
  fakeFetch,
  json,
  makeFlow,
  testProviders,
} from '../../support/fake-provider';

const PROXY = 'https://proxy.example.test';
const API = 'https://api.videoask.com';
const config = {
  proxyUrl: PROXY,
  providers: { videoask: { clientId: 'va-client', useProxy: true } },
};

function videoaskFetch() {
  return fakeFetch({
    [`${PROXY}/token/videoask`]: () =>
      json({
        access_token: 'va_at',
        refresh_token: 'va_rt',
        scope: 'openid profile email offline_access',
        expires_in: 86400,
        token_type: 'Bearer',
      }),
    [`${API}/me`]: () =>
      json({ user_id: 'user-1', username: 'demo-user', email: 'demo@videoask.test', name: 'Demo' }),
    [`${API}/organizations`]: () =>
      json({
        count: 2,
        next: null,
        previous: null,
        results: [
          { organization_id: 'org-1', name: 'Demo Org', role: 'owner' },
          { organization_id: 'org-2', name: 'Other Org', role: 'member' },
        ],
      }),
  });
}

describe('VideoAsk', () => {
  it('sends audience and the four scopes to auth.videoask.com', async () => {
    const { flow } = await makeFlow(await testProviders(config), videoaskFetch().fetch);
    const url = await flow.startAuthorization('videoask');
    expect(url.origin + url.pathname).toBe('https://auth.videoask.com/authorize');
    expect(url.searchParams.get('audience')).toBe('https://api.videoask.com/');
    expect(url.searchParams.get('scope')).toBe('openid profile email offline_access');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.has('nonce')).toBe(false);
  });

  it('an audience set in config.json wins over the catalog’s', async () => {
    const providers = await testProviders({
      ...config,
      providers: {
        videoask: {
          ...config.providers.videoask,
          extraAuthorizationParams: { audience: 'https://x.test/' },
        },
      },
    });
    const { flow } = await makeFlow(providers, videoaskFetch().fetch);
    const url = await flow.startAuthorization('videoask');
    expect(url.searchParams.get('audience')).toBe('https://x.test/');
  });

  it('accepts a token response without an ID token; /me and /organizations say who and where', async () => {
    const provider = videoaskFetch();
    const { flow } = await makeFlow(await testProviders(config), provider.fetch);
    const url = await flow.startAuthorization('videoask');
    const { connection } = await flow.completeAuthorization(
      `${redirectUriFor('videoask')}?code=c&state=${url.searchParams.get('state')}`,
    );
    expect(provider.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${PROXY}/token/videoask`,
      `GET ${API}/me`,
      `GET ${API}/organizations`,
    ]);
    expect(provider.requests[0]!.body).not.toContain('secret');
    expect(provider.requests[2]!.headers.get('authorization')).toBe('Bearer va_at');
    expect(connection.hasRefreshToken).toBe(true);
    expect(connection.identity).toEqual({
      displayName: 'demo-user',
      email: 'demo@videoask.test',
      subject: 'user-1',
      details: {
        organizationId: 'org-1',
        organizations: [
          { id: 'org-1', name: 'Demo Org', role: 'owner' },
          { id: 'org-2', name: 'Other Org', role: 'member' },
        ],
      },
    });
  });

  it('revocation goes through the proxy too', async () => {
    const va = (await testProviders(config)).find((p) => p.id === 'videoask')!;
    expect(va.supportsRevocation).toBe(true);
    expect(va.relayHeaders).toEqual(['organization-id']);
  });
});
