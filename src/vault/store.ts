import { del, get, keys, promisifyRequest, set, update, type UseStore } from 'idb-keyval';

/**
 * The small async key-value interface every piece of persistent state goes through, so the
 * protocol core runs the same on IndexedDB in the browser and in memory in unit tests.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
  remove(key: string): Promise<void>;
  keys(): Promise<string[]>;
  /** Reads and writes one key atomically (one IndexedDB transaction): how one-time use is kept. */
  update<T>(key: string, updater: (old: T | undefined) => T | undefined): Promise<T | undefined>;
}

/** Where a database lives: which IndexedDB (the default one, or a Storage Bucket's) and its name. */
export interface DatabaseLocation {
  factory: IDBFactory;
  name: string;
}

/**
 * idb-keyval's createStore, except that the connection closes when another tab (or "Reset local
 * data") deletes the database, and reopens on the next use: a connection held open for good would
 * block the deletion forever. It
 * also follows the vault when `where` names another place (a lock was set or removed).
 */
function reopeningStore(
  where: () => DatabaseLocation | Promise<DatabaseLocation>,
  storeName: string,
): UseStore {
  let db: Promise<IDBDatabase> | undefined;
  let openedAt: DatabaseLocation | undefined;
  const open = async () => {
    const location = await where();
    if (db && openedAt?.factory === location.factory && openedAt.name === location.name) return db;
    // The vault moved (a lock was set or removed): let go of the old database.
    if (db)
      void db.then(
        (old) => old.close(),
        () => undefined,
      );
    openedAt = location;
    const request = location.factory.open(location.name);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    const opened = promisifyRequest(request).then(
      (result) => {
        const forget = () => {
          if (db === opened) db = undefined;
        };
        result.onversionchange = () => {
          result.close();
          forget();
        };
        result.onclose = forget;
        return result;
      },
      (error: unknown) => {
        db = undefined;
        throw error;
      },
    );
    db = opened;
    return opened;
  };
  return (mode, callback) =>
    open().then((result) => callback(result.transaction(storeName, mode).objectStore(storeName)));
}

/** Deletes whole IndexedDB databases, waiting until each is gone. */
export async function deleteIndexedDbDatabases(
  names: readonly string[],
  idb: IDBFactory = indexedDB,
): Promise<void> {
  for (const name of names) {
    await promisifyRequest(idb.deleteDatabase(name));
  }
}

/** An IndexedDB store in a database of its own (idb-keyval keeps one object store per database). */
export function createIndexedDbStore(
  databaseName: string,
  where: () => DatabaseLocation | Promise<DatabaseLocation> = () => ({
    factory: indexedDB,
    name: databaseName,
  }),
): KeyValueStore {
  const store: UseStore = reopeningStore(where, 'records');
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    remove: (key) => del(key, store),
    keys: async () => (await keys(store)).map(String),
    async update<T>(key: string, updater: (old: T | undefined) => T | undefined) {
      let result: T | undefined;
      // idb-keyval's update cannot delete, so a "delete" is written as undefined and removed after.
      await update<T | undefined>(
        key,
        (old) => {
          result = updater(old);
          return result;
        },
        store,
      );
      if (result === undefined) await del(key, store);
      return result;
    },
  };
}

/** An in-memory store for unit tests; values are cloned so tests see what IndexedDB would keep. */
export function createMemoryStore(): KeyValueStore & { readonly data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(key: string) => structuredClone(data.get(key)) as T | undefined,
    set: async (key, value) => void data.set(key, structuredClone(value)),
    remove: async (key) => void data.delete(key),
    keys: async () => [...data.keys()],
    async update<T>(key: string, updater: (old: T | undefined) => T | undefined) {
      const result = updater(structuredClone(data.get(key)) as T | undefined);
      if (result === undefined) data.delete(key);
      else data.set(key, structuredClone(result));
      return result;
    },
  };
}
