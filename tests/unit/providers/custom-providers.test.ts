import { describe, expect, it } from 'vitest';
import { createDiscoveryCache } from '../../../src/oauth/server-metadata';
import { KeyfobError } from '../../../src/oauth/errors';
import { loadCustomProviders } from '../../../src/config/custom-providers';
import { resolveProviders } from '../../../src/config/resolve';
import { validateConfig } from '../../../src/config/validate';
import { summariseServer } from '../../../src/oauth/server-summary';
import { createMemoryStore } from '../../../src/vault/store';
import {
  APP_ORIGIN,
  ISSUER,
  discoveryDocument,
  fakeFetch,
  json,
} from '../../support/fake-provider';

const config = validateConfig({ proxyUrl: 'https://proxy.test', providers: {} });

describe('providers added from the app', () => {
  it('are kept in the store, join the live list, and come back on the next start', async () => {
    const store = createMemoryStore();
    const providers = resolveProviders(config);
    const registry = await loadCustomProviders(store, config, providers);
    const added = await registry.add('acme', { name: 'Acme', issuer: ISSUER, clientId: 'spa' });
    expect(added).toMatchObject({ id: 'acme', name: 'Acme', builtIn: false, configured: true });
    expect(providers.at(-1)).toBe(added);
    expect(store.data.get('provider:acme')).toEqual({
      name: 'Acme',
      issuer: ISSUER,
      clientId: 'spa',
    });

    const next = resolveProviders(config);
    const reloaded = await loadCustomProviders(store, config, next);
    expect(reloaded.ids()).toEqual(['acme']);
    expect(next.find((p) => p.id === 'acme')?.issuer).toBe(ISSUER);

    await reloaded.remove('acme');
    expect(next.some((p) => p.id === 'acme')).toBe(false);
    expect(store.data.size).toBe(0);
  });

  it('are checked like config.json entries: every problem at once, no duplicate ids', async () => {
    const registry = await loadCustomProviders(
      createMemoryStore(),
      config,
      resolveProviders(config),
    );
    const problems = (entry: object, id = 'x') => {
      try {
        registry.resolve(id, entry);
        return [];
      } catch (error) {
        return [...((error as KeyfobError).problems ?? [])];
      }
    };
    expect(problems({ clientId: 'a', issuer: 'http://evil.test' })).toEqual([
      'providers.x.issuer must use https (http is allowed only for 127.0.0.1/localhost)',
    ]);
    expect(problems({ clientId: 'a' })).toEqual([
      'providers.x needs an issuer, or both authorizationEndpoint and tokenEndpoint',
    ]);
    expect(problems({ issuer: ISSUER })).toEqual(['providers.x.clientId is needed']);
    expect(problems({ issuer: ISSUER, clientId: 'a' }, 'convert')).toEqual([
      'providers.convert already exists: choose another id',
    ]);
    expect(problems({ issuer: ISSUER, clientId: 'a' }, 'Bad Id')[0]).toMatch(/a-z, 0-9/);
  });

  it('discovery says which PKCE methods, revocation and iss the server supports', async () => {
    const registry = await loadCustomProviders(
      createMemoryStore(),
      config,
      resolveProviders(config),
    );
    const { fetch } = fakeFetch({
      [`${ISSUER}/.well-known/openid-configuration`]: () => json(discoveryDocument),
    });
    const draft = registry.resolve('acme', { issuer: ISSUER, clientId: 'spa' });
    expect(await summariseServer(draft, fetch, APP_ORIGIN, createDiscoveryCache())).toEqual({
      issuer: ISSUER,
      authorizationEndpoint: `${ISSUER}/authorize`,
      tokenEndpoint: `${ISSUER}/token`,
      revocationEndpoint: `${ISSUER}/revoke`,
      pkceMethods: ['S256'],
      issParameter: true,
      scopesSupported: undefined,
      discovered: true,
      // The fake answers nothing at /token or /revoke: to the page, blocked.
      browserAccess: [
        { endpoint: 'token', url: `${ISSUER}/token`, access: 'blocked', proxied: false },
        { endpoint: 'revocation', url: `${ISSUER}/revoke`, access: 'blocked', proxied: false },
      ],
    });
    const explicit = registry.resolve('manual', {
      clientId: 'spa',
      authorizationEndpoint: 'https://m.test/auth',
      tokenEndpoint: 'https://m.test/token',
    });
    expect(
      await summariseServer(explicit, fetch, APP_ORIGIN, createDiscoveryCache()),
    ).toMatchObject({
      issuer: 'https://m.test',
      pkceMethods: undefined,
      revocationEndpoint: undefined,
      issParameter: false,
      discovered: false,
    });
  });

  it('an entry that no longer resolves is skipped, not fatal', async () => {
    const store = createMemoryStore();
    await store.set('provider:broken', { name: 'Broken' });
    const providers = resolveProviders(config);
    const registry = await loadCustomProviders(store, config, providers);
    expect(registry.ids()).toEqual([]);
    expect(providers.some((p) => p.id === 'broken')).toBe(false);
  });
});
