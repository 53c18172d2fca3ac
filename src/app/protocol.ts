import type { ResolvedProvider } from '../config/resolve';
import { createActivityRecorder } from '../oauth/activity';
import { createApiKeyConnector } from '../oauth/api-keys';
import { createConnectionChecker } from '../oauth/check-connection';
import { createDPoPKeys } from '../oauth/dpop';
import { createAuthorizationFlow, type OAuthDeps } from '../oauth/flow';
import { createLifecycle, type LifecycleDeps } from '../oauth/lifecycle';
import { browserLocks } from '../oauth/locks';
import { summariseServer } from '../oauth/server-summary';
import { createDiscoveryCache } from '../oauth/server-metadata';
import type { ConnectionStore } from '../vault/connections';
import type { Vault } from '../vault/vault-lock';

/** What the protocol core is wired with: the stores, the page's clock and its browser parts. */
export interface ProtocolDeps {
  provider(id: string): ResolvedProvider | undefined;
  connections: ConnectionStore;
  transactions: OAuthDeps['transactions'];
  cipher: OAuthDeps['transactionCipher'];
  dpopKeys: Vault['dpopKeys'];
  events: LifecycleDeps['events'];
  health: LifecycleDeps['health'];
  activityLog: Parameters<typeof createActivityRecorder>[0];
  redirectUri(providerId: string): string;
  appOrigin: string;
  addressBar: OAuthDeps['addressBar'];
  online(): boolean;
  now(): number;
}

/**
 * The protocol core (oauth4webapi, the authorization flow, refresh, revocation, API calls, API
 * keys, identity checks, server summaries), wired once. It is its own chunk: bootstrap imports it
 * on first use (src/app/lazy-protocol.ts), so a first screen that needs none of it loads none of it.
 */
export function createProtocol(deps: ProtocolDeps) {
  const { provider, connections, appOrigin, online, now } = deps;
  const activity = createActivityRecorder(deps.activityLog, now);
  const locks = browserLocks();
  // The page's one discovery cache: the flow, refresh and the server summary share it.
  const discovery = createDiscoveryCache();
  const dpop = createDPoPKeys(deps.dpopKeys);
  const flow = createAuthorizationFlow({
    provider,
    transactions: deps.transactions,
    transactionCipher: deps.cipher,
    connections,
    redirectUri: deps.redirectUri,
    appOrigin,
    addressBar: deps.addressBar,
    online,
    dpop,
    now,
    discovery,
    activity,
  });
  const { api, lifecycle } = createLifecycle({
    provider,
    connections,
    events: deps.events,
    health: deps.health,
    appOrigin,
    locks,
    online,
    dpop,
    now,
    discovery,
    activity,
  });
  return {
    flow,
    api,
    lifecycle,
    apiKeys: createApiKeyConnector({ provider, connections, appOrigin, online, now }),
    checkConnection: createConnectionChecker({
      provider,
      connections,
      appOrigin,
      api,
      locks,
      online,
      now,
      activity,
    }),
    describeServer: (server: ResolvedProvider) =>
      summariseServer(server, (i, init) => fetch(i, init), appOrigin, discovery),
  };
}

export type Protocol = ReturnType<typeof createProtocol>;
