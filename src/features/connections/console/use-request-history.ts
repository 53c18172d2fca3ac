import { useCallback, useEffect, useState } from 'react';
import { useServices } from '../../../services/services';
import type { HistoryEntry } from '../../../vault/request-history';

/** A connection's sealed API console history: what it holds, and why it could not be read. */
export function useRequestHistory(connectionId: string) {
  const { requestHistory } = useServices();
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    requestHistory.list(connectionId).then(
      (list) => live && setEntries(list),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [requestHistory, connectionId]);

  const add = useCallback(
    async (entry: HistoryEntry) => {
      try {
        setEntries(await requestHistory.add(connectionId, entry));
        setError(undefined);
      } catch (failure) {
        setError(failure);
      }
    },
    [requestHistory, connectionId],
  );

  const clear = useCallback(async () => {
    try {
      await requestHistory.clear(connectionId);
      setEntries([]);
    } catch (failure) {
      setError(failure);
    }
  }, [requestHistory, connectionId]);

  return { entries, error, add, clear };
}
