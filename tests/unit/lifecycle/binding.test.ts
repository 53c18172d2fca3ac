import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import { json } from '../../support/fake-provider';
import { T0, browser, lifecycleConfig, rotatingProvider, storedConnection } from './harness';

/** The same provider id, now pointing at another server: what a re-added "acme" looks like. */
const elsewhere = {
  providers: {
    acme: { ...lifecycleConfig.providers.acme, apiBaseUrl: 'https://evil.example.test/v1' },
  },
};

describe('a connection is bound to the provider that issued it', () => {
  it('never sends the token to a provider id that now points elsewhere (API call)', async () => {
    const provider = rotatingProvider();
    const b = await browser({ config: elsewhere, fetch: provider.fetch });
    await b.connections.save(storedConnection());
    await expect(b.tab().api('conn-1', '/me')).rejects.toMatchObject({
      code: ErrorCode.PROVIDER_CHANGED,
    });
    expect(provider.requests).toHaveLength(0);
    expect(await b.connections.get('conn-1')).toMatchObject({
      status: 'needs-reconnect',
      statusCode: ErrorCode.PROVIDER_CHANGED,
    });
  });

  it('never sends the refresh token to a changed token endpoint or client id', async () => {
    const provider = rotatingProvider();
    const b = await browser({
      config: { providers: { acme: { ...lifecycleConfig.providers.acme, clientId: 'other' } } },
      fetch: provider.fetch,
    });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    await expect(b.tab().refresher.ensureFresh('conn-1')).rejects.toMatchObject({
      code: ErrorCode.PROVIDER_CHANGED,
    });
    expect(provider.tokenRequests()).toHaveLength(0);
  });

  it('does not revoke at the new server, and still removes the connection', async () => {
    const provider = rotatingProvider();
    const b = await browser({ config: elsewhere, fetch: provider.fetch });
    await b.connections.save(storedConnection());
    const result = await b.tab().disconnector.disconnect('conn-1');
    expect(result.revocation).toBe('failed');
    expect(result.reason).toContain('PROVIDER_CHANGED');
    expect(provider.requests.filter((r) => r.url.endsWith('/revoke'))).toHaveLength(0);
    expect(await b.connections.get('conn-1')).toBeUndefined();
  });

  it('a connection with the same binding works as before', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    expect((await b.tab().api('conn-1', '/me')).status).toBe(200);
  });

  it('an unbound (older) connection of a custom provider must be reconnected', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection({ binding: undefined }));
    await expect(b.tab().api('conn-1', '/me')).rejects.toMatchObject({
      code: ErrorCode.PROVIDER_CHANGED,
    });
    expect(provider.requests).toHaveLength(0);
  });

  it('an unbound connection of a built-in provider is trusted and gets bound on refresh', async () => {
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
        issuer: undefined,
        binding: undefined,
        expiresAt: undefined,
      }),
    );
    expect((await b.tab().api('conn-1', '/forms')).status).toBe(200);
    expect(seen).toEqual(['https://api.videoask.com/forms']);
  });
});
