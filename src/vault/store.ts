import { createStore, del, get, keys, set, update, type UseStore } from 'idb-keyval';

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

/** An IndexedDB store in a database of its own (idb-keyval keeps one object store per database). */
export function createIndexedDbStore(databaseName: string): KeyValueStore {
  const store: UseStore = createStore(databaseName, 'records');
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
