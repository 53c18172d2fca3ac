import type { ConnectionStore } from './connections';
import type { KeyValueStore } from './store';

const EXPECTED = 'expected-connections:v1';

/** The part of navigator.storage in use (StorageManager), injected for tests. */
export interface StorageManagerLike {
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
}

export type Persistence = 'granted' | 'not-granted' | 'unsupported';

export interface StorageHealth {
  /** Whether the browser promised not to evict Keyfob's storage under pressure. */
  persistence: Persistence;
  /** Connections this device had that are gone without a disconnect: the browser cleared them. */
  lostConnections: number;
}

export type ConnectionChange = { type: 'saved' | 'removed'; connectionId: string };

/**
 * Wraps the connection store so that every save and remove (a connect, a refresh, a disconnect)
 * is announced through `onChange`, and a non-secret list of the ids this device should have is
 * kept in a second database. Ids that are listed but have no record were not disconnected: the
 * browser (or the person, in its settings) cleared the connections database.
 */
export function trackConnections(
  inner: ConnectionStore,
  state: KeyValueStore,
  onChange: (change: ConnectionChange) => void = () => {},
): ConnectionStore {
  return {
    list: () => inner.list(),
    get: (id) => inner.get(id),
    async save(connection) {
      await inner.save(connection);
      await state.update<string[]>(EXPECTED, (ids = []) =>
        ids.includes(connection.id) ? ids : [...ids, connection.id],
      );
      onChange({ type: 'saved', connectionId: connection.id });
    },
    async remove(id) {
      await inner.remove(id);
      await state.update<string[]>(EXPECTED, (ids = []) => ids.filter((i) => i !== id));
      onChange({ type: 'removed', connectionId: id });
    },
  };
}

/**
 * Asks once for persistent storage (so the browser does not evict the vault when the disk runs
 * low) and tells how the vault is doing. It cannot notice a full wipe of the site's data: that
 * erases the list of expected connections too, and looks like a first visit.
 * @see https://storage.spec.whatwg.org/#dom-storagemanager-persist
 */
export function createStorageHealth(deps: {
  storage?: StorageManagerLike;
  connections: ConnectionStore;
  state: KeyValueStore;
}) {
  let persistence: Promise<Persistence> | undefined;

  function askPersistence(): Promise<Persistence> {
    const persist = deps.storage?.persist?.bind(deps.storage);
    const persisted = deps.storage?.persisted?.bind(deps.storage);
    if (!persist || !persisted) return Promise.resolve('unsupported');
    persistence ??= (async () => {
      try {
        if (await persisted()) return 'granted';
        return (await persist()) ? 'granted' : 'not-granted';
      } catch {
        return 'unsupported';
      }
    })();
    return persistence;
  }

  async function lost(): Promise<string[]> {
    const expected = (await deps.state.get<string[]>(EXPECTED)) ?? [];
    if (expected.length === 0) return [];
    const present = new Set((await deps.connections.list()).map((c) => c.id));
    return expected.filter((id) => !present.has(id));
  }

  return {
    async check(): Promise<StorageHealth> {
      const [p, gone] = await Promise.all([askPersistence(), lost()]);
      return { persistence: p, lostConnections: gone.length };
    },
    /** The person has seen the notice: stop expecting the connections that are gone. */
    async acknowledgeLoss(): Promise<void> {
      const gone = new Set(await lost());
      await deps.state.update<string[]>(EXPECTED, (ids = []) => ids.filter((i) => !gone.has(i)));
    },
  };
}

export type StorageHealthService = ReturnType<typeof createStorageHealth>;
