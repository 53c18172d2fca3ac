import { loadCustomProviders } from '../config/custom-providers';
import type { LoadedConfig } from '../config/load';
import { createLifecycleEvents } from '../oauth/lifecycle-events';
import type { Lifecycle } from '../oauth/lifecycle';
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
import { lazyProtocol } from './lazy-protocol';
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
  // The page's one clock: every module gets it from here.
  const now = () => Date.now();
  watchIdle(vault, now);
  const cipher = vault.cipher;
  const sealed = createConnectionStore(vault.store('keyfob-connections'), cipher);
  // Each connection's Activity, sealed the same way; kept only while its connection exists.
  const activityLog = createActivityLog(
    vault.store('keyfob-activity'),
    cipher,
    async (id) => (await sealed.get(id)) !== undefined,
  );
  const transactions = vault.store('keyfob-transactions');
  const events = createLifecycleEvents(
    typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('keyfob'),
  );
  // Every save and remove (connect, refresh, disconnect) is announced to every open tab.
  const connections = trackConnections(sealed, vaultState, (change) => events.publish(change));
  const health = createStorageHealth({
    storage: navigator.storage,
    connections: sealed,
    state: vaultState,
  });
  const uri = (providerId: string) => redirectUri(window.location.origin, providerId);
  const provider = (id: string) => providers.find((p) => p.id === id);
  // The protocol core is its own chunk, loaded on first use (or at once on a callback URL).
  const protocol = lazyProtocol(async () =>
    (await import('./protocol')).createProtocol({
      provider,
      connections,
      transactions,
      cipher,
      dpopKeys: vault.dpopKeys,
      events,
      health,
      activityLog,
      redirectUri: uri,
      appOrigin: window.location.origin,
      addressBar: { replace: (url) => window.history.replaceState(window.history.state, '', url) },
      online: () => navigator.onLine,
      now,
    }),
  );
  if (callbackUrl) {
    protocol.warm();
    // The callback opens the transactions and, to store the connection, the vault key and the
    // connections: open them now, alongside the settings database below, not one after another.
    void transactions.keys().catch(() => undefined);
    void sealed.list().catch(() => undefined);
  }
  const customProviders = await loadCustomProviders(
    createIndexedDbStore('keyfob-settings'),
    config,
    providers,
  );
  // Sign-ins abandoned at the provider do not linger until the next one starts. On a callback a
  // moment later: its reads would queue ahead of the callback's own in IndexedDB.
  const sweep = () =>
    void import('../oauth/transactions')
      .then(({ sweepTransactions }) => sweepTransactions(transactions, now()))
      .catch(() => undefined);
  if (callbackUrl) setTimeout(sweep, 2000);
  else sweep();
  const lifecycle: Lifecycle = {
    ...protocol.lifecycle,
    subscribe: (listener) => events.subscribe(() => listener()),
    storageHealth: health.check,
    acknowledgeLoss: health.acknowledgeLoss,
  };
  return {
    providers,
    flow: protocol.flow,
    apiKeys: protocol.apiKeys,
    customProviders,
    checkConnection: protocol.checkConnection,
    describeServer: protocol.describeServer,
    connections,
    activity: activityLog,
    api: protocol.api,
    warmProtocol: protocol.warm,
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
