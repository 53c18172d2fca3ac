import { useCallback, useEffect, useState } from 'react';
import type { ActivityEntry } from '../../../oauth/activity';
import { useServices } from '../../../services/services';

export type ActivityState =
  | { status: 'loading' }
  | { status: 'ready'; entries: ActivityEntry[] }
  | { status: 'error'; error: unknown };

/**
 * A connection's Activity, read again whenever it gains an entry in this tab (an API call) or the
 * connection changes in any tab (a refresh, a reconnect), and when `version` changes.
 */
export function useActivity(connectionId: string, version: unknown): ActivityState {
  const { activity, lifecycle } = useServices();
  const [state, setState] = useState<ActivityState>({ status: 'loading' });

  const load = useCallback(() => {
    let live = true;
    // Without an Activity service (tests that do not care) there is nothing to list.
    (activity?.list(connectionId) ?? Promise.resolve([])).then(
      (entries) => live && setState({ status: 'ready', entries }),
      (error: unknown) => live && setState({ status: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [activity, connectionId]);

  useEffect(() => load(), [load, version]);
  useEffect(() => {
    const fromLog = activity?.subscribe((id) => {
      if (id === connectionId) load();
    });
    const fromTabs = lifecycle.subscribe(() => load());
    return () => {
      fromLog?.();
      fromTabs();
    };
  }, [activity, lifecycle, connectionId, load]);
  return state;
}
