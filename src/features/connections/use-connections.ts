import { useCallback, useEffect, useState } from 'react';
import { useServices } from '../../services/services';
import type { Connection } from '../../oauth/types';

export type Loadable<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: Error };

/** The stored connections, loaded from the vault; `reload` after a change. */
export function useConnections(): { state: Loadable<Connection[]>; reload: () => void } {
  const { connections, lifecycle } = useServices();
  const [state, setState] = useState<Loadable<Connection[]>>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    connections.list().then(
      (value) => live && setState({ status: 'ready', value }),
      (error: Error) => live && setState({ status: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [connections, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // Refreshed tokens, connects and disconnects, in this tab or another, show at once.
  useEffect(() => lifecycle.subscribe(reload), [lifecycle, reload]);
  return { state, reload };
}
