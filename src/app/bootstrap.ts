import { loadCustomProviders } from '../config/custom-providers';
import type { LoadedConfig } from '../config/load';
import { createActivityRecorder } from '../oauth/activity';
import { createApiKeyConnector } from '../oauth/api-keys';
import { createConnectionChecker } from '../oauth/check-connection';
import { createDPoPKeys } from '../oauth/dpop';
import { createAuthorizationFlow } from '../oauth/flow';
import { createLifecycle } from '../oauth/lifecycle';
import { createLifecycleEvents } from '../oauth/lifecycle-events';
import { browserLocks } from '../oauth/locks';
import { summariseServer } from '../oauth/server-summary';
import { createDiscoveryCache } from '../oauth/server-metadata';
import { sweepTransactions } from '../oauth/transactions';
import { createActivityLog } from '../vault/activity-log';
import { resetLocalData } from '../vault/local-data';
import { createBrowserPasskeys } from '../vault/passkey';
import { createVault } from '../vault/vault-lock';
import { createVaultSpaces, type StorageBucketsLike } from '../vault/vault-space';
import { createConnectionStore } from '../vault/connections';
import { createRequestHistory } from '../vault/request-history';
import { createStorageHealth, trackConnections } from '../vault/storage-health';
import { createIndexedDbStore } from '../vault/store';
import { redirectUri } from '../routing/paths';
import type { Services } from '../services/services';
import { watchIdle } from './watch-idle';

export interface StartUpState {
  /** The callback URL as it arrived, copied before start-up scrubbed the address bar. */
  callbackUrl?: string;
}

/** Wires the real browser services: IndexedDB stores, the vault key, the flow, navigation. */
export async function createBrowserServices(
  { config, providers }: LoadedConfig,
  { callbackUrl }: StartUpState = {},
): Promise<Services> {
  const storageChannel =
    typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('keyfob-storage');
  // Another tab reset local data: this tab's key and stores are gone, so start again.
  storageChannel?.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
    if (event.data?.type === 'reset') window.location.reload();
  });
  const vaultState = createIndexedDbStore('keyfob-vault-state');
  // Storage Buckets where the browser has them: a bucket is deleted with its files, at once.
  const buckets = (navigator as Navigator & { storageBuckets?: StorageBucketsLike }).storageBuckets;
  // The key is loaded (and checked) on first use: a damaged one fails each use with STORAGE and
  // the page offers "Reset local data", instead of the app failing to start. Locked, LOCKED.
  const vault = createVault({
    spaces: createVaultSpaces({ idb: indexedDB, buckets, pointer: vaultState }),
    channel: storageChannel,
    // WebAuthn with the page's host as the relying party (navigator.credentials is absent on an
    // insecure page; support() then says so).
    passkeys: createBrowserPasskeys({
      credentials: navigator.credentials,
      hostname: window.location.hostname,
      publicKeyCredential: window.PublicKeyCredential,
    }),
  });
  // The page's one clock and one discovery cache: every module gets them from here.
  const now = () => Date.now();
  const discovery = createDiscoveryCache();
  watchIdle(vault, now);
  const cipher = vault.cipher;
  const sealed = createConnectionStore(vault.store('keyfob-connections'), cipher);
  // Each connection's Activity, sealed the same way; kept only while its connection exists.
  const activityLog = createActivityLog(
    vault.store('keyfob-activity'),
    cipher,
    async (id) => (await sealed.get(id)) !== undefined,
  );
  const activity = createActivityRecorder(activityLog, now);
  const transactions = vault.store('keyfob-transactions');
  const dpop = createDPoPKeys(vault.dpopKeys);
  // Sign-ins abandoned at the provider do not linger until the next one starts.
  void sweepTransactions(transactions, now()).catch(() => undefined);
  const events = createLifecycleEvents(
    typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('keyfob'),
  );
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
    transactions,
    transactionCipher: cipher,
    connections,
    redirectUri: uri,
    appOrigin: window.location.origin,
    addressBar: { replace: (url) => window.history.replaceState(window.history.state, '', url) },
    online: () => navigator.onLine,
    dpop,
    now,
    discovery,
    activity,
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
    dpop,
    now,
    discovery,
    activity,
  });
  return {
    providers,
    flow,
    apiKeys: createApiKeyConnector({
      provider: (id) => providers.find((p) => p.id === id),
      connections,
      appOrigin: window.location.origin,
      online: () => navigator.onLine,
      now,
    }),
    customProviders,
    checkConnection: createConnectionChecker({
      provider: (id) => providers.find((p) => p.id === id),
      connections,
      appOrigin: window.location.origin,
      api,
      locks,
      online: () => navigator.onLine,
      now,
      activity,
    }),
    describeServer: (provider) =>
      summariseServer(provider, (i, init) => fetch(i, init), window.location.origin, discovery),
    connections,
    activity: activityLog,
    api,
    requestHistory: createRequestHistory(vault.store('keyfob-connections'), cipher),
    lifecycle,
    now,
    redirectUri: uri,
    callbackUrl,
    navigateAway: (url) => window.location.assign(url.href),
    vault,
    async resetLocalData() {
      await resetLocalData({ buckets });
      storageChannel?.postMessage({ type: 'reset' });
      window.location.assign(new URL(import.meta.env.BASE_URL, window.location.origin).href);
    },
  };
}
