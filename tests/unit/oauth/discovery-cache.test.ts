import { describe, expect, it } from 'vitest';
import { createTokenRefresher } from '../../../src/oauth/refresh';
import { createDiscoveryCache } from '../../../src/oauth/server-metadata';
import {
  ISSUER,
  discoveryDocument,
  fakeFetch,
  json,
  makeFlow,
  redirectUriFor,
  testProviders,
} from '../../support/fake-provider';

const config = {
  providers: { acme: { name: 'Acme', issuer: ISSUER, clientId: 'spa', scopes: ['read'] } },
};
const DISCOVERY = `${ISSUER}/.well-known/openid-configuration`;

function server() {
  return fakeFetch({
    [DISCOVERY]: () => json(discoveryDocument),
    [`${ISSUER}/token`]: () =>
      json({ access_token: 'at-1', token_type: 'Bearer', expires_in: 120, refresh_token: 'rt-1' }),
  });
}

const discoveries = (net: ReturnType<typeof server>) =>
  net.requests.filter((r) => r.url === DISCOVERY).length;

describe('the discovery cache, injected', () => {
  it('two flows given one cache ask the issuer once', async () => {
    const net = server();
    const providers = await testProviders(config);
    const discovery = createDiscoveryCache();
    const one = await makeFlow(providers, net.fetch, { discovery });
    const two = await makeFlow(providers, net.fetch, { discovery });
    await one.flow.startAuthorization('acme');
    await two.flow.startAuthorization('acme');
    expect(discoveries(net)).toBe(1);
  });

  it('a test (or a page) with its own cache asks again: nothing is shared through a module', async () => {
    const net = server();
    const providers = await testProviders(config);
    const one = await makeFlow(providers, net.fetch, { discovery: createDiscoveryCache() });
    const two = await makeFlow(providers, net.fetch, { discovery: createDiscoveryCache() });
    await one.flow.startAuthorization('acme');
    await two.flow.startAuthorization('acme');
    expect(discoveries(net)).toBe(2);
  });

  it("the flow's cache serves the lifecycle's refresh too, when bootstrap hands both the same", async () => {
    const net = server();
    const providers = await testProviders(config);
    const discovery = createDiscoveryCache();
    const setup = await makeFlow(providers, net.fetch, { discovery });
    const url = await setup.flow.startAuthorization('acme');
    const state = url.searchParams.get('state')!;
    const { connection } = await setup.flow.completeAuthorization(
      `${redirectUriFor('acme')}?code=c&state=${state}&iss=${encodeURIComponent(ISSUER)}`,
    );
    // The code exchange stamps the token's own obtainedAt with the injected clock.
    expect(connection.obtainedAt).toBe(setup.clock.now);
    expect(connection.expiresAt).toBe(setup.clock.now + 120_000);
    const refresher = createTokenRefresher({
      provider: (id) => providers.find((p) => p.id === id),
      connections: setup.connections,
      appOrigin: 'http://localhost:5173',
      fetch: net.fetch,
      now: () => setup.clock.now + 200_000,
      discovery,
    });
    const refreshed = await refresher.ensureFresh(connection.id);
    expect(refreshed.obtainedAt).toBe(setup.clock.now + 200_000);
    expect(net.requests.filter((r) => r.url === `${ISSUER}/token`)).toHaveLength(2);
    expect(discoveries(net)).toBe(1);
  });
});
