import { createContext, useContext } from 'react';
import type { CustomProviderRegistry } from '../config/custom-providers';
import type { ResolvedProvider } from '../config/resolve';
import type { ActivityEntry } from '../oauth/activity';
import type { ApiKeyConnector } from '../oauth/api-keys';
import type { ConnectionChecker } from '../oauth/check-connection';
import type { AuthorizationFlow } from '../oauth/flow';
import type { ServerSummary } from '../oauth/server-summary';
import type { AuthorizedFetch } from '../oauth/authorized-fetch';
import type { Lifecycle } from '../oauth/lifecycle';
import type { ConnectionStore } from '../vault/connections';
import type { RequestHistory } from '../vault/request-history';
import type { Vault } from '../vault/vault-lock';

/** Everything the pages need from outside React, injected once so tests can swap any of it. */
export interface Services {
  /** config.json's providers and those added on this device (customProviders adds to it). */
  providers: ResolvedProvider[];
  flow: AuthorizationFlow;
  /** Checks an API key with the provider, then keeps it sealed. */
  apiKeys: ApiKeyConnector;
  customProviders: CustomProviderRegistry;
  /** Calls the identity endpoint with the stored credential; a refused one needs a reconnect. */
  checkConnection: ConnectionChecker;
  /** What a (draft) provider's server supports: PKCE methods, revocation, RFC 9207 iss. */
  describeServer(provider: ResolvedProvider): Promise<ServerSummary>;
  connections: ConnectionStore;
  /** Each connection's Activity, newest first (redacted; LOCKED while the vault is locked). */
  activity?: {
    list(connectionId: string): Promise<ActivityEntry[]>;
    subscribe(listener: (connectionId: string) => void): () => void;
  };
  /** Calls a connection's provider API with its credential, refreshing when needed. */
  api: AuthorizedFetch;
  /** Each connection's last API console requests, sealed; removed with the connection. */
  requestHistory: RequestHistory;
  /** Refresh on wake, cross-tab news, disconnect with revocation, storage health. */
  lifecycle: Lifecycle;
  /** The page's clock (epoch ms), the same one the protocol core is given. */
  now(): number;
  /** The exact redirect URI of a provider: <origin><base>callback/<providerId>. */
  redirectUri(providerId: string): string;
  /** The callback URL as the page was opened with it (start-up scrubs the address bar first). */
  callbackUrl?: string;
  /** Starts loading the protocol core (its own chunk) before a page needs it; optional. */
  warmProtocol?(): void;
  /** Leaves the app for the provider's authorize page. */
  navigateAway(url: URL): void;
  /** The vault's lock: state, Lock with a passphrase or a passkey, Lock now, Unlock, Remove lock, Lock after. */
  vault: Pick<
    Vault,
    | 'state'
    | 'subscribe'
    | 'setPassphrase'
    | 'lockNow'
    | 'unlock'
    | 'removeLock'
    | 'lockMethod'
    | 'passkeySupport'
    | 'setPasskey'
    | 'unlockWithPasskey'
    | 'idleMinutes'
    | 'setIdleMinutes'
  >;
  /** Deletes everything Keyfob keeps in this browser (see LOCAL_DATABASES), then starts afresh. */
  resetLocalData(): Promise<void>;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices must be used inside <ServicesContext>');
  return services;
}

export function useProvider(id: string | undefined): ResolvedProvider | undefined {
  return useServices().providers.find((p) => p.id === id);
}
