import { describe, expect, it } from 'vitest';
import { createApiKeyConnector } from '../../../src/oauth/api-keys';
import { credentialHeaders } from '../../../src/oauth/credentials';
import { ErrorCode } from '../../../src/oauth/errors';
import {
  APP_ORIGIN,
  fakeFetch,
  fixedRandomness,
  json,
  makeFlow,
  testProviders,
} from '../../support/fake-provider';

const API = 'https://app.whatconverts.com/api/v1';
const leads = {
  page_number: 1,
  leads_per_page: 1,
  total_pages: 5,
  total_leads: 5,
  leads: [{ lead_id: 1, profile_id: 7, profile: 'Demo Profile' }],
};

async function connector(routes: Parameters<typeof fakeFetch>[0]) {
  const providers = await testProviders({ providers: {} });
  const provider = fakeFetch(routes);
  const { connections } = await makeFlow(providers, provider.fetch);
  const keys = createApiKeyConnector({
    provider: (id) => providers.find((p) => p.id === id),
    connections,
    appOrigin: APP_ORIGIN,
    fetch: provider.fetch,
    random: fixedRandomness(),
  });
  return { keys, connections, provider };
}

const credential = {
  kind: 'token-secret',
  token: 'wc-twin-token',
  secret: 'wc-twin-secret',
} as const;

describe('WhatConverts', () => {
  it('is an API token + secret connection by default, OAuth only when config opts in', async () => {
    const [byDefault] = (await testProviders({ providers: {} })).filter(
      (p) => p.id === 'whatconverts',
    );
    expect(byDefault!.authMethod).toBe('api-token-secret');
    expect(byDefault!.authMethods).toEqual(['api-token-secret']);
    expect(byDefault!.configured).toBe(true);
    const optIn = (
      await testProviders({ providers: { whatconverts: { authMethod: 'oauth', clientId: 'wc' } } })
    ).find((p) => p.id === 'whatconverts')!;
    expect(optIn.authMethods).toEqual(['oauth', 'api-token-secret']);
    expect(optIn.authorizationEndpoint).toBe('https://app.whatconverts.com/oauth/authorize');
    expect(optIn.defaultScopes).toEqual(['read_leads']);
  });

  it('sends HTTP Basic with exactly base64(token ":" secret)', () => {
    expect(credentialHeaders(credential)).toEqual({
      authorization: 'Basic d2MtdHdpbi10b2tlbjp3Yy10d2luLXNlY3JldA==',
    });
    expect(Buffer.from('d2MtdHdpbi10b2tlbjp3Yy10d2luLXNlY3JldA==', 'base64').toString()).toBe(
      'wc-twin-token:wc-twin-secret',
    );
  });

  it('checks with GET /leads?leads_per_page=1, tells a profile key by its 403 on /accounts', async () => {
    const { keys, provider } = await connector({
      [`${API}/leads`]: () => json(leads),
      [`${API}/accounts`]: () => json({ error_message: 'Master account key required' }, 403),
    });
    const saved = await keys.saveApiKey('whatconverts', credential);
    expect(provider.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${API}/leads?leads_per_page=1`,
      `GET ${API}/accounts?accounts_per_page=1`,
    ]);
    for (const r of provider.requests) {
      expect(r.headers.get('authorization')).toBe('Basic d2MtdHdpbi10b2tlbjp3Yy10d2luLXNlY3JldA==');
    }
    expect(saved).toMatchObject({
      authMethod: 'api-token-secret',
      identity: { displayName: 'Demo Profile', details: { keyType: 'profile', dailyLimit: 1000 } },
      credential,
    });
  });

  it('a master key gets 10,000 a day', async () => {
    const { keys } = await connector({
      [`${API}/leads`]: () => json(leads),
      [`${API}/accounts`]: () => json({ accounts: [] }),
    });
    const saved = await keys.saveApiKey('whatconverts', credential);
    expect(saved.identity?.details).toEqual({ keyType: 'master', dailyLimit: 10000 });
  });

  it('a wrong secret is KEY_REFUSED; the daily quota is RATE_LIMITED; nothing is kept', async () => {
    const refused = await connector({
      [`${API}/leads`]: () => json({ error_message: 'Invalid credentials' }, 401),
    });
    await expect(refused.keys.saveApiKey('whatconverts', credential)).rejects.toMatchObject({
      code: ErrorCode.KEY_REFUSED,
      message: expect.stringContaining('Invalid credentials'),
    });
    expect(await refused.connections.list()).toEqual([]);
    const quota = await connector({
      [`${API}/leads`]: () =>
        json({ error_message: 'Daily limit reached' }, 429, { 'retry-after': '3600' }),
    });
    await expect(quota.keys.saveApiKey('whatconverts', credential)).rejects.toMatchObject({
      code: ErrorCode.RATE_LIMITED,
      retryAfterSeconds: 3600,
    });
  });

  it('lists its daily limits', async () => {
    const wc = (await testProviders({ providers: {} })).find((p) => p.id === 'whatconverts')!;
    expect(wc.limits.join(' ')).toMatch(/1,000 .* 10,000 .* midnight UTC/);
  });
});

describe('WhatConverts through the API relay', () => {
  it('checks the key through the proxy’s relay when config says useApiRelay', async () => {
    const providers = await testProviders({
      proxyUrl: 'https://proxy.example.test',
      providers: { whatconverts: { useApiRelay: true } },
    });
    const provider = fakeFetch({
      'https://proxy.example.test/api/whatconverts/leads': () => json(leads),
      'https://proxy.example.test/api/whatconverts/accounts': () => json({}, 403),
    });
    const { connections } = await makeFlow(providers, provider.fetch);
    const keys = createApiKeyConnector({
      provider: (id) => providers.find((p) => p.id === id),
      connections,
      appOrigin: APP_ORIGIN,
      fetch: provider.fetch,
    });
    await keys.saveApiKey('whatconverts', credential);
    expect(provider.requests.map((r) => r.url)).toEqual([
      'https://proxy.example.test/api/whatconverts/leads?leads_per_page=1',
      'https://proxy.example.test/api/whatconverts/accounts?accounts_per_page=1',
    ]);
  });
});

describe('WhatConverts’ opt-in OAuth', () => {
  it('goes to the unverified endpoints only when config.json opts in', async () => {
    const providers = await testProviders({
      providers: { whatconverts: { authMethod: 'oauth', clientId: 'wc-client' } },
    });
    const { flow } = await makeFlow(providers, fakeFetch({}).fetch);
    const url = await flow.startAuthorization('whatconverts');
    expect(url.origin + url.pathname).toBe('https://app.whatconverts.com/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe('wc-client');
    expect(url.searchParams.get('scope')).toBe('read_leads');
    const byDefault = await makeFlow(await testProviders({ providers: {} }), fakeFetch({}).fetch);
    await expect(byDefault.flow.startAuthorization('whatconverts')).rejects.toMatchObject({
      code: ErrorCode.CONFIG,
    });
  });
});
