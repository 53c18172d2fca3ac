import type { ResolvedProvider } from '../config/resolve';
import type { ConnectionStore } from '../vault/connections';
import type { StorageHealth, StorageHealthService } from '../vault/storage-health';
import type { ActivityRecorder } from './activity';
import { createAuthorizedFetch, type AuthorizedFetch } from './authorized-fetch';
import type { DPoPKeys } from './dpop';
import type { FetchLike } from './http';
import type { LifecycleEvents } from './lifecycle-events';
import type { LockManagerLike } from './locks';
import { createTokenRefresher } from './refresh';
import { createDisconnector, type DisconnectResult } from './revoke';
import { createDiscoveryCache, type DiscoveryCache } from './server-metadata';
import type { Connection } from './types';
import { networkFetch } from './http';
import { discoveredUserInfoEndpoint } from './userinfo-target';

/** A connection's life after the callback: refresh, cross-tab news, disconnect, storage health. */
export interface Lifecycle {
  /** Revokes at the provider where possible and always removes the connection, in every tab. */
  disconnect(connectionId: string): Promise<DisconnectResult>;
  /** Refreshes every connection near expiry (a tab that woke up). */
  refreshDue(): Promise<void>;
  /** Refreshes one connection if it is near expiry (the page's timer); single-flight across tabs. */
  refreshIfDue(connectionId: string): Promise<Connection>;
  /** Refreshes one connection now, due or not ("Refresh now"). */
  refreshNow(connectionId: string): Promise<Connection>;
  /** Called whenever a connection is saved or removed, in this tab or another. */
  subscribe(listener: () => void): () => void;
  storageHealth(): Promise<StorageHealth>;
  acknowledgeLoss(): Promise<void>;
  /**
   * The discovered UserInfo endpoint of a provider without an API base: the one URL the API
   * console may call for it. Undefined when it has an API base or no such endpoint.
   */
  userInfoEndpoint(providerId: string): Promise<string | undefined>;
}

export interface LifecycleDeps {
  provider(id: string): ResolvedProvider | undefined;
  /** The tracked store (see trackConnections), so that every change is announced. */
  connections: ConnectionStore;
  events: LifecycleEvents;
  health: StorageHealthService;
  appOrigin: string;
  locks?: LockManagerLike;
  fetch?: FetchLike;
  now?: () => number;
  online?: () => boolean;
  /** Each connection's DPoP key pair: used for refresh and API calls, deleted on disconnect. */
  dpop?: DPoPKeys;
  /** Discovery answers shared with the rest of the page (bootstrap makes one); a fresh one when absent. */
  discovery?: DiscoveryCache;
  /** Each connection's Activity: refreshes, API calls and the revocation are recorded in it. */
  activity?: ActivityRecorder;
}

/** Wires refresh, authorizedFetch and disconnect on one set of dependencies. */
export function createLifecycle(deps: LifecycleDeps): {
  api: AuthorizedFetch;
  lifecycle: Lifecycle;
} {
  // Refresh and disconnect share one discovery cache, so an issuer is asked once per page.
  const shared = { ...deps, discovery: deps.discovery ?? createDiscoveryCache() };
  const refresher = createTokenRefresher(shared);
  const disconnector = createDisconnector(shared);
  const api = createAuthorizedFetch({ ...shared, refresher });
  const discoveryFetch = networkFetch(deps, 'discovery');
  return {
    api,
    lifecycle: {
      disconnect: disconnector.disconnect,
      refreshDue: refresher.refreshDue,
      refreshIfDue: refresher.ensureFresh,
      refreshNow: refresher.refreshNow,
      subscribe: (listener) => deps.events.subscribe(() => listener()),
      storageHealth: deps.health.check,
      acknowledgeLoss: deps.health.acknowledgeLoss,
      userInfoEndpoint: async (providerId) => {
        const provider = deps.provider(providerId);
        return provider
          ? discoveredUserInfoEndpoint(provider, discoveryFetch, shared.discovery)
          : undefined;
      },
    },
  };
}
