import { loadCustomProviders } from '../config/custom-providers';
import type { LoadedConfig } from '../config/load';
import { createApiKeyConnector } from '../oauth/api-keys';
import { createConnectionChecker } from '../oauth/check-connection';
import { createAuthorizationFlow } from '../oauth/flow';
import { createLifecycle } from '../oauth/lifecycle';
import { createLifecycleEvents } from '../oauth/lifecycle-events';
import { browserLocks } from '../oauth/locks';
import { summariseServer } from '../oauth/server-summary';
import { createCipher, loadVaultKey } from '../vault/cipher';
import { createConnectionStore } from '../vault/connections';
import { createStorageHealth, trackConnections } from '../vault/storage-health';
import { createIndexedDbStore } from '../vault/store';
import { redirectUri } from './paths';
import type { Services } from './services';

export interface StartUpState {
  /** The callback URL as it arrived, copied before start-up scrubbed the address bar. */
  callbackUrl?: string;
}

/** Wires the real browser services: IndexedDB stores, the vault key, the flow, navigation. */
export async function createBrowserServices(
  { config, providers }: LoadedConfig,
  { callbackUrl }: StartUpState = {},
): Promise<Services> {
  const key = await loadVaultKey(createIndexedDbStore('keyfob-keys'));
  const sealed = createConnectionStore(
    createIndexedDbStore('keyfob-connections'),
    createCipher(key),
  );
  const events = createLifecycleEvents(
    typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('keyfob'),
  );
  const vaultState = createIndexedDbStore('keyfob-vault-state');
  // Every save and remove (connect, refresh, disconnect) is announced to every open tab.
  const connections = trackConnections(sealed, vaultState, (change) => events.publish(change));
  const customProviders = await loadCustomProviders(
    createIndexedDbStore('keyfob-settings'),
    config,
    providers,
  );
  const uri = (providerId: string) => redirectUri(window.location.origin, providerId);
  const flow = createAuthorizationFlow({
    provider: (id) => providers.find((p) => p.id === id),
    transactions: createIndexedDbStore('keyfob-transactions'),
    connections,
    redirectUri: uri,
    appOrigin: window.location.origin,
    addressBar: { replace: (url) => window.history.replaceState(window.history.state, '', url) },
    online: () => navigator.onLine,
  });
  const locks = browserLocks();
  const { api, lifecycle } = createLifecycle({
    provider: (id) => providers.find((p) => p.id === id),
    connections,
    events,
    health: createStorageHealth({
      storage: navigator.storage,
      connections: sealed,
      state: vaultState,
    }),
    appOrigin: window.location.origin,
    locks,
    online: () => navigator.onLine,
  });
  return {
    providers,
    flow,
    apiKeys: createApiKeyConnector({
      provider: (id) => providers.find((p) => p.id === id),
      connections,
      appOrigin: window.location.origin,
      online: () => navigator.onLine,
    }),
    customProviders,
    checkConnection: createConnectionChecker({
      provider: (id) => providers.find((p) => p.id === id),
      connections,
      appOrigin: window.location.origin,
      api,
      locks,
      online: () => navigator.onLine,
    }),
    describeServer: (provider) =>
      summariseServer(provider, (i, init) => fetch(i, init), window.location.origin),
    connections,
    api,
    lifecycle,
    redirectUri: uri,
    callbackUrl,
    navigateAway: (url) => window.location.assign(url.href),
  };
}
