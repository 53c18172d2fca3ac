import type { ResolvedProvider } from '../config/resolve';
import type { ConnectionStore } from '../vault/connections';
import { ErrorCode, KeyfobError, isKeyfobError } from './errors';
import { describingNetworkErrors, type FetchLike } from './http';
import { checkIdentity } from './identity-probe';
import type { Connection } from './types';

export interface CheckDeps {
  provider(id: string): ResolvedProvider | undefined;
  connections: ConnectionStore;
  appOrigin: string;
  fetch?: FetchLike;
  now?: () => number;
}

/**
 * "Check connection": calls the provider's identity endpoint with the stored credential. A success
 * refreshes what is known (credits, organizations, key type); a refusal of a credential that cannot
 * renew itself (an API key, or a token without a refresh token, such as Convert's) marks the
 * connection "needs reconnect" with the provider's reason, so the page offers the one-click
 * reconnect. Tokens with a refresh token are left to authorizedFetch's refresh. Throws the typed
 * error either way, so the page can show it.
 */
export function createConnectionChecker(deps: CheckDeps) {
  const now = deps.now ?? Date.now;
  const baseFetch = describingNetworkErrors(
    deps.fetch ?? ((i, init) => fetch(i, init)),
    deps.appOrigin,
  );

  return async function checkConnection(id: string): Promise<Connection> {
    const connection = await deps.connections.get(id);
    if (!connection) throw new KeyfobError(ErrorCode.NOT_FOUND, 'This connection is gone.');
    const provider = deps.provider(connection.providerId);
    if (!connection.credential || !provider) {
      throw new KeyfobError(
        ErrorCode.NEEDS_RECONNECT,
        connection.statusReason ?? `${connection.providerName} is no longer configured here.`,
      );
    }
    let identity;
    try {
      identity = await checkIdentity(provider, connection.credential, baseFetch, connection.grant);
    } catch (error) {
      const refused =
        isKeyfobError(error, ErrorCode.NEEDS_RECONNECT) ||
        isKeyfobError(error, ErrorCode.KEY_REFUSED);
      if (refused && !connection.hasRefreshToken) {
        await deps.connections.save({
          ...connection,
          status: 'needs-reconnect',
          statusReason: (error as KeyfobError).message,
          updatedAt: now(),
        });
      }
      throw error;
    }
    if (identity === undefined) {
      throw new KeyfobError(
        ErrorCode.CONFIG,
        `${provider.name} has no identity endpoint to check against (set apiBaseUrl).`,
      );
    }
    const updated: Connection = {
      ...connection,
      identity: {
        ...connection.identity,
        ...identity,
        displayName: identity.displayName ?? connection.identity?.displayName,
      },
      status: 'connected',
      statusReason: undefined,
      updatedAt: now(),
    };
    await deps.connections.save(updated);
    return updated;
  };
}

export type ConnectionChecker = ReturnType<typeof createConnectionChecker>;
