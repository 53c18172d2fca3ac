import { describe, expect, it } from 'vitest';
import { createApiKeyConnector } from '../../../src/oauth/api-keys';
import { ErrorCode } from '../../../src/oauth/errors';
import { checkIdentity } from '../../../src/oauth/identity-probe';
import {
  APP_ORIGIN,
  redirectUriFor,
  fakeFetch,
  fixedRandomness,
  json,
  makeFlow,
  testProviders,
} from '../../support/fake-provider';

const PROXY = 'https://proxy.example.test';
const API = 'https://api.cloudconvert.com';
const me = {
  data: {
    id: 42,
    username: 'demo-user',
    email: 'demo@cloudconvert.test',
    credits: 250,
    created_at: '2026-01-01T00:00:00+00:00',
  },
};

const config = {
  proxyUrl: PROXY,
  providers: { cloudconvert: { clientId: 'cc-client', useProxy: true } },
};

describe('CloudConvert', () => {
  it('offers the six scopes, task.read and task.write by default, OAuth and API keys', async () => {
    const [cc] = (await testProviders(config)).filter((p) => p.id === 'cloudconvert');
    expect(cc!.scopes.map((s) => s.name)).toEqual([
      'user.read',
      'user.write',
      'task.read',
      'task.write',
      'webhook.read',
      'webhook.write',
    ]);
    expect(cc!.defaultScopes).toEqual(['user.read', 'task.read', 'task.write']);
    expect(cc!.authMethods).toEqual(['oauth', 'api-key']);
    expect(cc!.configured).toBe(true);
  });

  it('the sandbox variant switches every host; config still wins', async () => {
    const providers = await testProviders({
      proxyUrl: PROXY,
      providers: { cloudconvert: { clientId: 'x', useProxy: true, sandbox: true } },
    });
    const cc = providers.find((p) => p.id === 'cloudconvert')!;
    expect(cc.authorizationEndpoint).toBe('https://sandbox.cloudconvert.com/oauth/authorize');
    expect(cc.tokenEndpoint).toBe('https://sandbox.cloudconvert.com/oauth/token');
    expect(cc.apiBaseUrl).toBe('https://api.sandbox.cloudconvert.com');
  });

  it('"authMethod": "api-key" offers only keys, and needs no client id', async () => {
    const providers = await testProviders({
      providers: { cloudconvert: { authMethod: 'api-key' } },
    });
    const cc = providers.find((p) => p.id === 'cloudconvert')!;
    expect(cc.authMethods).toEqual(['api-key']);
    expect(cc.configured).toBe(true);
  });

  it('exchanges the code through the proxy with no secret, then reads /v2/users/me', async () => {
    const provider = fakeFetch({
      [`${PROXY}/token/cloudconvert`]: () =>
        json({
          token_type: 'Bearer',
          expires_in: 3600,
          access_token: 'cc_at',
          refresh_token: 'cc_rt',
        }),
      [`${API}/v2/users/me`]: () => json(me),
    });
    const { flow } = await makeFlow(await testProviders(config), provider.fetch);
    const url = await flow.startAuthorization('cloudconvert', {
      scopes: ['user.read', 'task.write'],
    });
    expect(url.origin + url.pathname).toBe('https://cloudconvert.com/oauth/authorize');
    expect(url.searchParams.get('scope')).toBe('user.read task.write');
    const { connection } = await flow.completeAuthorization(
      `${redirectUriFor('cloudconvert')}?code=abc&state=${url.searchParams.get('state')}`,
    );
    const token = provider.requests[0]!;
    expect(token.url).toBe(`${PROXY}/token/cloudconvert`);
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'abc',
      redirect_uri: redirectUriFor('cloudconvert'),
      code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      client_id: 'cc-client',
    });
    expect(provider.requests[1]).toMatchObject({ method: 'GET', url: `${API}/v2/users/me` });
    expect(provider.requests[1]!.headers.get('authorization')).toBe('Bearer cc_at');
    expect(connection.hasRefreshToken).toBe(true);
    expect(connection.identity).toEqual({
      displayName: 'demo-user',
      email: 'demo@cloudconvert.test',
      subject: '42',
      details: { username: 'demo-user', credits: 250 },
    });
  });

  it('parses /v2/users/me without optional fields', async () => {
    const cc = (await testProviders(config)).find((p) => p.id === 'cloudconvert')!;
    const { fetch } = fakeFetch({
      [`${API}/v2/users/me`]: () => json({ data: { id: 'u7', email: 'a@b.test' } }),
    });
    expect(
      await checkIdentity(cc, { kind: 'api-key', apiKey: 'k' }, fetch, { now: Date.now }),
    ).toEqual({
      displayName: 'a@b.test',
      email: 'a@b.test',
      subject: 'u7',
    });
  });

  describe('API keys', () => {
    async function connector(answer: () => Response) {
      const providers = await testProviders(config);
      const provider = fakeFetch({ [`${API}/v2/users/me`]: answer });
      const { connections } = await makeFlow(providers, provider.fetch);
      const keys = createApiKeyConnector({
        provider: (id) => providers.find((p) => p.id === id),
        connections,
        appOrigin: APP_ORIGIN,
        fetch: provider.fetch,
        now: () => 1000,
        random: fixedRandomness(),
      });
      return { keys, connections, provider };
    }

    it('checks the key with GET /v2/users/me as a Bearer token, then keeps it sealed', async () => {
      const { keys, connections, provider } = await connector(() => json(me));
      const saved = await keys.saveApiKey('cloudconvert', {
        kind: 'api-key',
        apiKey: ' cc-key \n',
      });
      expect(provider.requests).toHaveLength(1);
      expect(provider.requests[0]!.headers.get('authorization')).toBe('Bearer cc-key');
      expect(saved).toMatchObject({
        providerId: 'cloudconvert',
        authMethod: 'api-key',
        expiresAt: undefined,
        hasRefreshToken: false,
        identity: { displayName: 'demo-user', details: { credits: 250 } },
        credential: { kind: 'api-key', apiKey: 'cc-key' },
      });
      expect(await connections.get(saved.id)).toEqual(saved);
      const again = await keys.saveApiKey('cloudconvert', { kind: 'api-key', apiKey: 'cc-key' });
      expect(again.id).toBe(saved.id);
      expect(await connections.list()).toHaveLength(1);
    });

    it('a refused key is KEY_REFUSED with the provider’s words, and nothing is kept', async () => {
      const { keys, connections } = await connector(() =>
        json({ message: 'Unauthenticated.', code: 'UNAUTHENTICATED' }, 401),
      );
      const error = await keys
        .saveApiKey('cloudconvert', { kind: 'api-key', apiKey: 'wrong-key' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ErrorCode.KEY_REFUSED, status: 401 });
      expect((error as Error).message).toMatch(
        /^The key was refused by CloudConvert \(HTTP 401: Unauthenticated\.\)/,
      );
      expect((error as Error).message).not.toContain('wrong-key');
      expect(await connections.list()).toEqual([]);
    });

    it('429 is RATE_LIMITED with Retry-After; an unreachable API is UNREACHABLE', async () => {
      const limited = await connector(() =>
        json({ message: 'Too many', code: 'RATE_LIMIT_EXCEEDED' }, 429, { 'retry-after': '30' }),
      );
      await expect(
        limited.keys.saveApiKey('cloudconvert', { kind: 'api-key', apiKey: 'k' }),
      ).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED, retryAfterSeconds: 30 });
      const down = await connector(() => {
        throw new TypeError('Failed to fetch');
      });
      await expect(
        down.keys.saveApiKey('cloudconvert', { kind: 'api-key', apiKey: 'k' }),
      ).rejects.toMatchObject({ code: ErrorCode.UNREACHABLE, step: 'key check' });
    });

    it('refuses an empty key and a kind the provider does not take, without a request', async () => {
      const { keys, provider } = await connector(() => json(me));
      await expect(
        keys.saveApiKey('cloudconvert', { kind: 'api-key', apiKey: '  ' }),
      ).rejects.toMatchObject({ code: ErrorCode.KEY_REFUSED });
      await expect(
        keys.saveApiKey('cloudconvert', { kind: 'token-secret', token: 'a', secret: 'b' }),
      ).rejects.toMatchObject({ code: ErrorCode.CONFIG });
      expect(provider.requests).toEqual([]);
    });
  });
});
