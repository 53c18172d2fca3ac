import type { ActivityEntry, ActivitySink } from '../oauth/activity';
import { ErrorCode, isKeyfobError } from '../oauth/errors';
import type { Cipher, Sealed } from './cipher';
import type { KeyValueStore } from './store';

/** The most entries a connection keeps: older ones fall off. */
export const ACTIVITY_LIMIT = 200;

/** One connection's log, oldest first, sealed as a whole like the connection itself. */
interface ActivityRecord {
  v: 1;
  sealed: Sealed;
}

const keyOf = (id: string) => `activity:${id}`;

export interface ActivityLog extends ActivitySink {
  /** Newest first. Fails with LOCKED while the vault is locked, like every sealed read. */
  list(connectionId: string): Promise<ActivityEntry[]>;
  /** Called after each change in this tab (an API call adds an entry without saving a connection). */
  subscribe(listener: (connectionId: string) => void): () => void;
}

/**
 * Each connection's Activity, in the vault's `keyfob-activity` database (so a lock moves it and a
 * reset deletes it with the connections), sealed under the vault key: even redacted, it says which
 * accounts were used, when and for what. `exists` tells whether the connection is still there. Appends in this tab are serialised per connection;
 * two tabs appending at the same instant may lose one entry, never the log.
 */
export function createActivityLog(
  store: KeyValueStore,
  cipher: Cipher,
  exists: (connectionId: string) => Promise<boolean>,
  limit = ACTIVITY_LIMIT,
): ActivityLog {
  const queues = new Map<string, Promise<unknown>>();
  const listeners = new Set<(connectionId: string) => void>();
  const changed = (id: string) => listeners.forEach((listener) => listener(id));

  function queued<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    queues.set(id, settled);
    void settled.then(() => {
      if (queues.get(id) === settled) queues.delete(id);
    });
    return next;
  }

  async function read(id: string): Promise<ActivityEntry[]> {
    const record = await store.get<ActivityRecord>(keyOf(id));
    if (record?.v !== 1) return [];
    const entries = await cipher.open(record.sealed);
    return Array.isArray(entries) ? (entries as ActivityEntry[]) : [];
  }

  return {
    async list(id) {
      return (await queued(id, () => read(id))).slice().reverse();
    },
    append(id, entries) {
      return queued(id, async () => {
        // A late entry for a connection disconnected meanwhile (another tab) is dropped.
        if (!(await exists(id))) return;
        // A log that no longer opens (damaged) starts again; a locked vault keeps it as it is.
        const old = await read(id).catch((error: unknown) => {
          if (isKeyfobError(error, ErrorCode.LOCKED) || isKeyfobError(error, ErrorCode.STORAGE))
            throw error;
          return [];
        });
        const kept = [...old, ...entries].slice(-limit);
        await store.set<ActivityRecord>(keyOf(id), { v: 1, sealed: await cipher.seal(kept) });
        changed(id);
      });
    },
    remove(id) {
      return queued(id, async () => {
        await store.remove(keyOf(id));
        changed(id);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
