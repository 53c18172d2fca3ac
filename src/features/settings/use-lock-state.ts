import { useEffect, useState } from 'react';
import { useServices } from '../../services/services';
import type { LockMethod, LockState } from '../../vault/vault-lock';

/** The vault's lock as it is now (here or after another tab changed it); undefined while read. */
export function useLockState(): { state?: LockState; method?: LockMethod } {
  const { vault } = useServices();
  const [lock, setLock] = useState<{ state?: LockState; method?: LockMethod }>({});
  useEffect(() => {
    let live = true;
    const read = () =>
      void Promise.all([vault.state(), vault.lockMethod()]).then(
        ([state, method]) => live && setLock({ state, method }),
      );
    read();
    const unsubscribe = vault.subscribe(read);
    return () => {
      live = false;
      unsubscribe();
    };
  }, [vault]);
  return lock;
}
