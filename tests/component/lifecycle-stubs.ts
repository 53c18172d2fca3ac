import type { AuthorizedFetch } from '../../src/oauth/authorized-fetch';
import type { Lifecycle } from '../../src/oauth/lifecycle';
import type { ConnectionStore } from '../../src/vault/connections';
import { unexpectedAsync } from './unexpected-calls';

/** An API the page under test is not expected to call: any call fails the test. */
export function unusedApi(): AuthorizedFetch {
  return unexpectedAsync('api');
}

/**
 * A lifecycle on the page's in-memory connections: disconnect removes locally (the provider has
 * no revocation endpoint), subscribers hear of it, storage is persisted and nothing was lost.
 */
export function memoryLifecycle(connections: () => ConnectionStore): Lifecycle {
  const listeners = new Set<() => void>();
  return {
    async disconnect(connectionId) {
      const connection = await connections().get(connectionId);
      await connections().remove(connectionId);
      for (const listener of listeners) listener();
      return {
        connectionId,
        providerName: connection?.providerName ?? 'The connection',
        revocation: 'unsupported',
        reason: 'the test provider offers no token revocation',
      };
    },
    refreshDue: async () => {},
    // Nothing here renews a token: the connection as stored.
    refreshIfDue: async (id) => (await connections().get(id))!,
    refreshNow: () => Promise.reject(new Error('refreshNow was not expected')),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    storageHealth: async () => ({ persistence: 'granted', lostConnections: 0 }),
    acknowledgeLoss: async () => {},
    // No provider in these tests has a UserInfo endpoint unless a test says so.
    userInfoEndpoint: async () => undefined,
  };
}
