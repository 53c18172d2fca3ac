import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { createAppRouter } from '../../src/app/app-router';
import { ServicesContext, type Services } from '../../src/services/services';
import { resolveProviders } from '../../src/config/resolve';
import { validateConfig } from '../../src/config/validate';
import { providerBinding } from '../../src/oauth/binding';
import type { AuthorizationFlow } from '../../src/oauth/flow';
import type { Connection } from '../../src/oauth/types';
import type { ConnectionStore } from '../../src/vault/connections';
import { HISTORY_LIMIT, type RequestHistory } from '../../src/vault/request-history';
import { withEagerPages } from './eager-pages';
import { memoryLifecycle, unusedApi } from './lifecycle-stubs';
import { unusedApiKeys, unusedCustomProviders } from './service-stubs';
import { unexpectedAsync, unexpectedSync } from './unexpected-calls';

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

/** API console histories kept in a Map, bounded like the sealed store. */
export function memoryHistory(): RequestHistory & { data: Map<string, unknown[]> } {
  const data = new Map<string, never[]>();
  return {
    data,
    list: async (id) => structuredClone(data.get(id) ?? []),
    async add(id, entry) {
      const entries = [entry, ...(data.get(id) ?? [])].slice(0, HISTORY_LIMIT) as never[];
      data.set(id, entries);
      return structuredClone(entries);
    },
    clear: async (id) => void data.delete(id),
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
    startAuthorization: unexpectedAsync('startAuthorization'),
    completeAuthorization: unexpectedAsync('completeAuthorization'),
  };
}

/** Renders the real route table at `url` with injected services (a memory router, no network). */
export function renderApp(url: string, overrides: Partial<Services> = {}) {
  const services: Services = {
    providers: resolveProviders(validateConfig(testConfig)),
    flow: unusedFlow(),
    apiKeys: unusedApiKeys(),
    customProviders: unusedCustomProviders(),
    checkConnection: unexpectedAsync('checkConnection'),
    describeServer: unexpectedAsync('describeServer'),
    connections: memoryConnections(),
    api: unusedApi(),
    requestHistory: memoryHistory(),
    lifecycle: memoryLifecycle(() => services.connections),
    now: () => Date.now(),
    redirectUri: (providerId) => `http://localhost/callback/${providerId}`,
    navigateAway: unexpectedSync('navigateAway'),
    resetLocalData: unexpectedAsync('resetLocalData'),
    vault: {
      state: async () => 'none',
      subscribe: () => () => undefined,
      setPassphrase: unexpectedAsync('setPassphrase'),
      lockNow: unexpectedSync('lockNow'),
      unlock: unexpectedAsync('unlock'),
      removeLock: unexpectedAsync('removeLock'),
      lockMethod: async () => undefined,
      passkeySupport: async () => ({ supported: false, reason: 'No passkeys in these tests.' }),
      setPasskey: unexpectedAsync('setPasskey'),
      unlockWithPasskey: unexpectedAsync('unlockWithPasskey'),
      idleMinutes: async () => 0,
      setIdleMinutes: unexpectedAsync('setIdleMinutes'),
    },
    ...overrides,
  };
  const router = createAppRouter(services, (routes) =>
    createMemoryRouter(withEagerPages(routes), { initialEntries: [url] }),
  );
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
