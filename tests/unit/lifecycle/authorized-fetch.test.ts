import { describe, expect, it } from 'vitest';
import { providerBinding } from '../../../src/oauth/binding';
import { ErrorCode } from '../../../src/oauth/errors';
import { createCipher } from '../../../src/vault/cipher';
import { createConnectionStore } from '../../../src/vault/connections';
import { json } from '../../support/fake-provider';
import { API, T0, browser, newKey, rotatingProvider, storedConnection } from './harness';

describe('authorizedFetch', () => {
  it('sends the Bearer token to the path under the API base URL', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const response = await b.tab().api('conn-1', '/me');
    expect(await response.json()).toEqual({ sub: 'u1', token: 'at-0' });
    const [request] = provider.apiRequests();
    expect(request!.url).toBe(`${API}/me`);
    expect(request!.headers.get('authorization')).toBe('Bearer at-0');
    expect(provider.tokenRequests()).toHaveLength(0);
  });

  it('on a 401 refreshes once and retries once', async () => {
    const provider = rotatingProvider();
    provider.server.validAccess.clear(); // the provider revoked at-0 before it expired
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const response = await b.tab().api('conn-1', '/me');
    expect(response.status).toBe(200);
    expect(provider.tokenRequests()).toHaveLength(1);
    expect(provider.apiRequests().map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer at-0',
      'Bearer at-1',
    ]);
  });

  it('a second 401 after the refresh is NEEDS_RECONNECT, with no further attempts', async () => {
    const provider = rotatingProvider({
      [`${API}/me`]: () => json({ error: 'invalid_token' }, 401),
    });
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const error = await b
      .tab()
      .api('conn-1', '/me')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.NEEDS_RECONNECT,
      status: 401,
      body: { error: 'invalid_token' },
    });
    expect(provider.tokenRequests()).toHaveLength(1);
    expect(provider.apiRequests()).toHaveLength(2);
  });

  it('an expired token without a refresh token is NEEDS_RECONNECT before any request', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(
      storedConnection({
        hasRefreshToken: false,
        credential: { kind: 'oauth', accessToken: 'at-0', tokenType: 'bearer' },
      }),
    );
    b.clock.now = T0 + 121_000;
    await expect(b.tab().api('conn-1', '/me')).rejects.toMatchObject({
      code: ErrorCode.NEEDS_RECONNECT,
    });
    expect(provider.requests).toHaveLength(0);
  });

  it('429 is RATE_LIMITED with the Retry-After seconds, in either form', async () => {
    const provider = rotatingProvider({
      [`${API}/slow`]: () => json({ message: 'slow down' }, 429, { 'retry-after': '30' }),
      [`${API}/later`]: () => json({}, 429, { 'retry-after': new Date(T0 + 90_000).toUTCString() }),
    });
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const { api } = b.tab();
    await expect(api('conn-1', '/slow')).rejects.toMatchObject({
      code: ErrorCode.RATE_LIMITED,
      retryAfterSeconds: 30,
      status: 429,
    });
    await expect(api('conn-1', '/later')).rejects.toMatchObject({ retryAfterSeconds: 90 });
  });

  it('any other failure is PROVIDER_ERROR with the status and the body as the provider wrote it', async () => {
    const body = { errors: [{ code: 'E42', detail: 'Form not found' }], request_id: 'r-1' };
    const provider = rotatingProvider({
      [`${API}/forms/9`]: () => json(body, 404),
      [`${API}/text`]: () => new Response('upstream exploded', { status: 502 }),
    });
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const { api } = b.tab();
    await expect(api('conn-1', '/forms/9')).rejects.toMatchObject({
      code: ErrorCode.PROVIDER_ERROR,
      status: 404,
      body,
    });
    await expect(api('conn-1', '/text')).rejects.toMatchObject({
      status: 502,
      body: 'upstream exploded',
    });
  });

  it('a cross-origin TypeError is CORS_BLOCKED when a no-cors probe is answered, UNREACHABLE when not, OFFLINE offline', async () => {
    let up = true;
    const provider = rotatingProvider({
      [`${API}/me`]: (req) => {
        if (req.method === 'HEAD' && up) return new Response(null, { status: 200 });
        throw new TypeError('Failed to fetch');
      },
    });
    let online = true;
    const b = await browser({ fetch: provider.fetch, online: () => online });
    await b.connections.save(storedConnection());
    const { api } = b.tab();
    await expect(api('conn-1', '/me')).rejects.toMatchObject({
      code: ErrorCode.CORS_BLOCKED,
      step: 'API call',
      endpoint: `${API}/me`,
    });
    up = false;
    await expect(api('conn-1', '/me')).rejects.toMatchObject({ code: ErrorCode.UNREACHABLE });
    online = false;
    await expect(api('conn-1', '/me')).rejects.toMatchObject({ code: ErrorCode.OFFLINE });
  });

  it('a record that no longer decrypts is NEEDS_RECONNECT, and nothing is sent', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    // The vault key was lost (a new one was made): the sealed record cannot be opened.
    const { tab } = b;
    const other = createConnectionStore(b.data, createCipher(await newKey()));
    const { createAuthorizedFetch } = await import('../../../src/oauth/authorized-fetch');
    const api = createAuthorizedFetch({
      provider: (id) => b.providers.find((p) => p.id === id),
      connections: other,
      refresher: tab().refresher,
      appOrigin: 'https://app.example.test',
      fetch: provider.fetch,
    });
    await expect(api('conn-1', '/me')).rejects.toMatchObject({ code: ErrorCode.NEEDS_RECONNECT });
    expect(provider.requests).toHaveLength(0);
  });

  it('refuses to send the credential outside the provider API', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const { api } = b.tab();
    await expect(api('conn-1', 'https://evil.example.test/me')).rejects.toMatchObject({
      code: ErrorCode.CONFIG,
    });
    await expect(api('conn-1', '/../../x')).rejects.toMatchObject({ code: ErrorCode.CONFIG });
    expect((await api('conn-1', `${API}/me`)).status).toBe(200);
    expect(provider.requests).toHaveLength(1);
  });

  it('refuses look-alike hosts and userinfo when the API base has no path', async () => {
    const seen: string[] = [];
    const b = await browser({
      config: { providers: { videoask: { clientId: 'v' } } },
      fetch: async (input) => {
        seen.push(String(input));
        return json({ ok: true });
      },
    });
    await b.connections.save(
      storedConnection({
        providerId: 'videoask',
        providerName: 'VideoAsk',
        expiresAt: undefined,
        binding: providerBinding(b.providers.find((p) => p.id === 'videoask')!),
      }),
    );
    const { api } = b.tab();
    for (const input of [
      'https://api.videoask.com.evil.example.test/me',
      'https://api.videoask.com@evil.example.test/me',
      'https://api.videoask.com:444/me',
    ]) {
      await expect(api('conn-1', input)).rejects.toMatchObject({ code: ErrorCode.CONFIG });
    }
    expect(seen).toEqual([]);
    await api('conn-1', 'https://api.videoask.com/me');
    expect(seen).toEqual(['https://api.videoask.com/me']);
  });

  it('adds provider headers from the identity details and goes through the API relay', async () => {
    const proxy = 'https://proxy.example.test';
    const seen: { url: string; headers: Headers }[] = [];
    const b = await browser({
      config: { proxyUrl: proxy, providers: { videoask: { clientId: 'v', useApiRelay: true } } },
      fetch: async (input, init) => {
        seen.push({ url: String(input), headers: new Headers(init?.headers) });
        return json({ ok: true });
      },
    });
    await b.connections.save(
      storedConnection({
        providerId: 'videoask',
        providerName: 'VideoAsk',
        expiresAt: undefined,
        binding: providerBinding(b.providers.find((p) => p.id === 'videoask')!),
        identity: { displayName: 'Ann', details: { organizationId: 'org-7' } },
      }),
    );
    await b.tab().api('conn-1', '/forms?limit=1');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(`${proxy}/api/videoask/forms?limit=1`);
    expect(seen[0]!.headers.get('organization-id')).toBe('org-7');
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer at-0');
  });

  it('presents a token + secret as Basic', async () => {
    const seen: Headers[] = [];
    const b = await browser({
      fetch: async (_input, init) => {
        seen.push(new Headers(init?.headers));
        return json({});
      },
    });
    await b.connections.save(
      storedConnection({
        authMethod: 'api-token-secret',
        expiresAt: undefined,
        hasRefreshToken: false,
        credential: { kind: 'token-secret', token: 'tok', secret: 'sec' },
      }),
    );
    await b.tab().api('conn-1', '/me');
    expect(seen[0]!.get('authorization')).toBe(`Basic ${btoa('tok:sec')}`);
  });
});
