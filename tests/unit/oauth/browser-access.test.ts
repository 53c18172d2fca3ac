import { describe, expect, it } from 'vitest';
import { accessSentence, probeBrowserAccess } from '../../../src/oauth/browser-access';
import { fakeFetch, json } from '../../support/fake-provider';

describe('browser access probe', () => {
  it('sends the shape of each real call with no code, token, client id or secret', async () => {
    const net = fakeFetch({
      'https://as.test/token': () => json({ error: 'invalid_request' }, 400),
      'https://api.test/v1': () => json({ error: 'unauthorized' }, 401),
    });
    const results = await probeBrowserAccess(
      [
        { endpoint: 'token', url: 'https://as.test/token', proxied: false },
        { endpoint: 'revocation', url: 'https://as.test/revoke', proxied: true },
        { endpoint: 'api', url: 'https://api.test/v1', proxied: false },
      ],
      net.fetch,
    );
    expect(results.map((r) => [r.endpoint, r.access])).toEqual([
      ['token', 'allowed'],
      ['revocation', 'blocked'],
      ['api', 'allowed'],
    ]);
    expect(net.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', 'https://as.test/token', 'grant_type=authorization_code'],
      ['POST', 'https://as.test/revoke', ''],
      ['GET', 'https://api.test/v1', ''],
    ]);
    for (const request of net.requests) {
      expect(request.headers.get('authorization')).toBeNull();
      expect(request.body).not.toMatch(/code=|client_id|client_secret|token=|verifier/);
    }
  });

  it('says it in one plain sentence, naming the proxy where it is the way through', () => {
    const blocked = { endpoint: 'token', url: 'https://x.test/t', access: 'blocked' } as const;
    expect(accessSentence('CloudConvert', { ...blocked, proxied: true })).toBe(
      "CloudConvert's token endpoint does not allow browsers: this deployment routes it through the proxy.",
    );
    expect(accessSentence('Acme', { ...blocked, proxied: false })).toBe(
      "Acme's token endpoint does not allow browsers: calls from this page will fail unless it is routed through the proxy (useProxy and proxyUrl in config.json).",
    );
    expect(
      accessSentence('Acme', { ...blocked, endpoint: 'api', access: 'allowed', proxied: false }),
    ).toBe("Acme's API allows this page to call it.");
  });
});
