import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { routes } from '../../src/app/routes';
import { ServicesContext, type Services } from '../../src/services/services';
import { resolveProviders } from '../../src/config/resolve';
import { validateConfig } from '../../src/config/validate';
import { providerBinding } from '../../src/oauth/binding';
import type { AuthorizationFlow } from '../../src/oauth/flow';
import type { Connection } from '../../src/oauth/types';
import type { ConnectionStore } from '../../src/vault/connections';
import { memoryLifecycle, unusedApi } from './lifecycle-stubs';
import { unusedApiKeys, unusedCustomProviders } from './service-stubs';

/** Connections kept in a Map: the component tests are about the pages, not the vault. */
export function memoryConnections(
  initial: Connection[] = [],
): ConnectionStore & { data: Map<string, Connection> } {
  const data = new Map(initial.map((c) => [c.id, c]));
  return {
    data,
    list: async () => [...data.values()],
    get: async (id) => data.get(id),
    save: async (c) => void data.set(c.id, c),
    remove: async (id) => void data.delete(id),
  };
}

export const testConfig = {
  proxyUrl: 'https://proxy.example.test',
  providers: {
    sandbox: {
      name: 'Sandbox',
      issuer: 'https://id.example.test',
      clientId: 'keyfob-sandbox',
      scopes: ['openid', 'profile', 'offline_access'],
    },
    cloudconvert: { clientId: 'cc', useProxy: true },
  },
};

export function unusedFlow(): AuthorizationFlow {
  return {
    startAuthorization: () => Promise.reject(new Error('startAuthorization was not expected')),
    completeAuthorization: () =>
      Promise.reject(new Error('completeAuthorization was not expected')),
  };
}

/** Renders the real route table at `url` with injected services (a memory router, no network). */
export function renderApp(url: string, overrides: Partial<Services> = {}) {
  const services: Services = {
    providers: resolveProviders(validateConfig(testConfig)),
    flow: unusedFlow(),
    apiKeys: unusedApiKeys(),
    customProviders: unusedCustomProviders(),
    checkConnection: () => Promise.reject(new Error('checkConnection was not expected')),
    describeServer: () => Promise.reject(new Error('describeServer was not expected')),
    connections: memoryConnections(),
    api: unusedApi(),
    lifecycle: memoryLifecycle(() => services.connections),
    redirectUri: (providerId) => `http://localhost/callback/${providerId}`,
    navigateAway: () => {
      throw new Error('navigateAway was not expected');
    },
    resetLocalData: () => Promise.reject(new Error('resetLocalData was not expected')),
    vault: {
      state: async () => 'none',
      subscribe: () => () => undefined,
      setPassphrase: () => Promise.reject(new Error('setPassphrase was not expected')),
      lockNow: () => {
        throw new Error('lockNow was not expected');
      },
      unlock: () => Promise.reject(new Error('unlock was not expected')),
      removeLock: () => Promise.reject(new Error('removeLock was not expected')),
    },
    ...overrides,
  };
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const view = render(
    <ServicesContext value={services}>
      <RouterProvider router={router} />
    </ServicesContext>,
  );
  return { ...view, router, services };
}

export function sandboxConnection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 'c1',
    providerId: 'sandbox',
    providerName: 'Sandbox',
    authMethod: 'oauth',
    issuer: 'https://id.example.test',
    createdAt: 1,
    updatedAt: 1,
    expiresAt: Date.now() + 90_000,
    grantedScopes: ['openid', 'offline_access'],
    hasRefreshToken: true,
    identity: { displayName: 'demo user', subject: 'demo' },
    status: 'connected',
    // Issued by the test config's sandbox: otherwise the page rightly says PROVIDER_CHANGED.
    binding: providerBinding(
      resolveProviders(validateConfig(testConfig)).find((p) => p.id === 'sandbox')!,
    ),
    credential: { kind: 'oauth', accessToken: 'secret-access-token', tokenType: 'bearer' },
    ...overrides,
  };
}
