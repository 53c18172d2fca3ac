import { describe, expect, it } from 'vitest';
import { ISSUER, discoveryDocument, json } from '../../support/fake-provider';
import { browser, rotatingProvider, storedConnection } from './harness';

describe('disconnect', () => {
  it('revokes the refresh token, then the access token, with the exact RFC 7009 bodies', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const result = await b.tab().disconnector.disconnect('conn-1');
    expect(result).toEqual({ connectionId: 'conn-1', providerName: 'Acme', revocation: 'revoked' });
    const revocations = provider.requests.filter((r) => r.url === `${ISSUER}/revoke`);
    expect(revocations.map((r) => [r.method, r.headers.get('content-type'), r.body])).toEqual([
      [
        'POST',
        'application/x-www-form-urlencoded;charset=UTF-8',
        'token_type_hint=refresh_token&token=rt-0&client_id=spa',
      ],
      [
        'POST',
        'application/x-www-form-urlencoded;charset=UTF-8',
        'token_type_hint=access_token&token=at-0&client_id=spa',
      ],
    ]);
    expect(await b.connections.get('conn-1')).toBeUndefined();
  });

  it('removes the local data even when revocation fails, and says why', async () => {
    const provider = rotatingProvider({
      [`${ISSUER}/revoke`]: () =>
        json({ error: 'unsupported_token_type', error_description: 'nope' }, 400),
    });
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const result = await b.tab().disconnector.disconnect('conn-1');
    expect(result.revocation).toBe('failed');
    expect(result.reason).toContain('refresh token: nope');
    expect(b.data.data.size).toBe(0);
  });

  it('removes the local data when the provider cannot be reached', async () => {
    const provider = rotatingProvider({
      [`${ISSUER}/revoke`]: () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const result = await b.tab().disconnector.disconnect('conn-1');
    expect(result.revocation).toBe('failed');
    expect(result.reason).toMatch(/could not be reached/);
    expect(await b.connections.list()).toEqual([]);
  });

  it('says "unsupported" for a provider without a revocation endpoint, and still removes it', async () => {
    const { revocation_endpoint: _, ...withoutRevocation } = discoveryDocument;
    const provider = rotatingProvider({
      [`${ISSUER}/.well-known/openid-configuration`]: () => json(withoutRevocation),
    });
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const result = await b.tab().disconnector.disconnect('conn-1');
    expect(result.revocation).toBe('unsupported');
    expect(provider.requests.some((r) => r.url.includes('revoke'))).toBe(false);
    expect(await b.connections.list()).toEqual([]);
  });

  it('revokes through the proxy for a provider that uses it', async () => {
    const urls: string[] = [];
    const provider = rotatingProvider();
    const b = await browser({
      config: {
        proxyUrl: 'https://proxy.example.test',
        providers: { acme: { name: 'Acme', issuer: ISSUER, clientId: 'spa', useProxy: true } },
      },
      fetch: async (input, init) => {
        urls.push(String(input));
        if (String(input).startsWith('https://proxy.example.test/revoke/acme')) {
          return new Response(null, { status: 200 });
        }
        return provider.fetch(input, init);
      },
    });
    await b.connections.save(storedConnection({ binding: { issuer: ISSUER, clientId: 'spa' } }));
    expect((await b.tab().disconnector.disconnect('conn-1')).revocation).toBe('revoked');
    expect(urls.filter((u) => u.includes('/revoke'))).toEqual([
      'https://proxy.example.test/revoke/acme',
      'https://proxy.example.test/revoke/acme',
    ]);
  });

  it('waits for a refresh in flight, so it revokes the rotated tokens', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now += 121_000;
    const tab = b.tab();
    const [, result] = await Promise.all([
      tab.refresher.ensureFresh('conn-1'),
      tab.disconnector.disconnect('conn-1'),
    ]);
    expect(result.revocation).toBe('revoked');
    const revoked = provider.requests
      .filter((r) => r.url === `${ISSUER}/revoke`)
      .map((r) => new URLSearchParams(r.body).get('token'));
    expect(revoked).toEqual(['rt-1', 'at-1']);
  });
});
