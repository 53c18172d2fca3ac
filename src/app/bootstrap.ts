import type { LoadedConfig } from '../config/load';
import { createAuthorizationFlow } from '../oauth/flow';
import { createCipher, loadVaultKey } from '../vault/cipher';
import { createConnectionStore } from '../vault/connections';
import { createIndexedDbStore } from '../vault/store';
import { redirectUri } from './paths';
import type { Services } from './services';

/** Wires the real browser services: IndexedDB stores, the vault key, the flow, navigation. */
export async function createBrowserServices({ providers }: LoadedConfig): Promise<Services> {
  const key = await loadVaultKey(createIndexedDbStore('keyfob-keys'));
  const connections = createConnectionStore(
    createIndexedDbStore('keyfob-connections'),
    createCipher(key),
  );
  const uri = redirectUri(window.location.origin);
  const flow = createAuthorizationFlow({
    provider: (id) => providers.find((p) => p.id === id),
    transactions: createIndexedDbStore('keyfob-transactions'),
    connections,
    redirectUri: uri,
    appOrigin: window.location.origin,
    addressBar: { replace: (url) => window.history.replaceState(window.history.state, '', url) },
  });
  return {
    providers,
    flow,
    connections,
    redirectUri: uri,
    navigateAway: (url) => window.location.assign(url.href),
  };
}
