import type { ActionFunction, LoaderFunction, ShouldRevalidateFunction } from 'react-router';
import type { Connection } from '../../oauth/types';
import type { DisconnectResult } from '../../oauth/revoke';
import type { Services } from '../../services/services';

/** `/`'s data: every stored connection (LOCKED or STORAGE go to the route's error element). */
export interface ConnectionsData {
  connections: Connection[];
}

export function connectionsLoader({ connections }: Pick<Services, 'connections'>): LoaderFunction {
  return async (): Promise<ConnectionsData> => ({ connections: await connections.list() });
}

/** `/connections/:id`'s data: the connection, or null when it is not (or no longer) stored. */
export interface ConnectionData {
  connection: Connection | null;
}

export function connectionLoader({ connections }: Pick<Services, 'connections'>): LoaderFunction {
  return async ({ params }): Promise<ConnectionData> => ({
    connection: (await connections.get(params.id ?? '')) ?? null,
  });
}

/** What the Disconnect form's action answers: what was done, or why it failed. */
export type DisconnectOutcome = { disconnected: DisconnectResult } | { failed: unknown };

/**
 * Disconnect, the connection route's action: revokes where the provider allows it and always
 * removes the connection here, in every tab. A failure is answered, not thrown, so the page keeps
 * its controls and shows it.
 */
export function disconnectAction({ lifecycle }: Pick<Services, 'lifecycle'>): ActionFunction {
  return async ({ params }): Promise<DisconnectOutcome> => {
    try {
      return { disconnected: await lifecycle.disconnect(params.id ?? '') };
    } catch (failed) {
      return { failed };
    }
  };
}

/** After its own Disconnect the page leaves: loading the connection that is gone would only flash. */
export const keepDisconnectedPage: ShouldRevalidateFunction = ({
  actionResult,
  defaultShouldRevalidate,
}) =>
  typeof actionResult === 'object' && actionResult !== null && 'disconnected' in actionResult
    ? false
    : defaultShouldRevalidate;
