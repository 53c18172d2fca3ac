import { ErrorCode, KeyfobError } from '../oauth/errors';
import type { DatabaseLocation, KeyValueStore } from './store';

/** The part of navigator.storageBuckets in use (Storage Buckets API), injected for tests. */
export interface StorageBucketsLike {
  open(name: string, options?: { persisted?: boolean }): Promise<{ indexedDB: IDBFactory }>;
  delete(name: string): Promise<void>;
  keys(): Promise<string[]>;
}

/** The databases that hold sealed data and the key: they move together. */
export const VAULT_DATABASES = [
  'keyfob-keys',
  'keyfob-connections',
  'keyfob-transactions',
  'keyfob-activity',
] as const;
export const BUCKET_PREFIX = 'keyfob-vault-';
const POINTER = 'vault-space:v1';
/** The databases of Keyfob before vaults moved into buckets: the default IndexedDB, plain names. */
const LEGACY = 'legacy';

type Pointer = { kind: 'bucket' | 'default'; id: string };

export interface VaultSpace extends Pointer {
  factory: IDBFactory;
  location(database: string): DatabaseLocation;
}

/**
 * Where the vault's databases live. Chromium's LevelDB keeps overwritten and deleted records in the
 * profile's files until a later compaction, so deleting a database does not erase an old key or
 * records sealed under it. A Storage Bucket is deleted as a whole, files included: the vault lives
 * in one, and setting or removing a lock moves it to a fresh bucket and deletes the old one. Where
 * buckets are missing, it lives in the default IndexedDB under generation-suffixed names.
 * @see https://wicg.github.io/storage-buckets/
 */
export function createVaultSpaces(deps: {
  idb: IDBFactory;
  buckets?: StorageBucketsLike;
  /** Non-secret: which space is current (kept in the default IndexedDB). */
  pointer: KeyValueStore;
  randomId?: () => string;
}) {
  const randomId =
    deps.randomId ??
    (() =>
      [...crypto.getRandomValues(new Uint8Array(8))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join(''));
  let current: Promise<VaultSpace> | undefined;

  // A pointer to a bucket written where Storage Buckets exist, read where they do not.
  function buckets(): StorageBucketsLike {
    if (!deps.buckets) {
      throw new KeyfobError(
        ErrorCode.STORAGE,
        'The vault is in a Storage Bucket, and this browser offers no Storage Buckets.',
      );
    }
    return deps.buckets;
  }

  async function materialise(pointer: Pointer): Promise<VaultSpace> {
    const factory =
      pointer.kind === 'bucket'
        ? (await buckets().open(BUCKET_PREFIX + pointer.id, { persisted: true })).indexedDB
        : deps.idb;
    const name = (db: string) =>
      pointer.kind === 'bucket' || pointer.id === LEGACY ? db : `${db}~${pointer.id}`;
    return { ...pointer, factory, location: (db) => ({ factory, name: name(db) }) };
  }

  async function hasLegacyData(): Promise<boolean> {
    const names = (await deps.idb.databases?.())?.map((d) => d.name) ?? [];
    return VAULT_DATABASES.some((db) => names.includes(db));
  }

  async function create(): Promise<VaultSpace> {
    return materialise({ kind: deps.buckets ? 'bucket' : 'default', id: randomId() });
  }

  async function drop(space: Pointer): Promise<void> {
    if (space.kind === 'bucket') {
      await buckets().delete(BUCKET_PREFIX + space.id);
      return;
    }
    const suffix = space.id === LEGACY ? '' : `~${space.id}`;
    for (const db of VAULT_DATABASES) {
      await new Promise<void>((resolve, reject) => {
        const request = deps.idb.deleteDatabase(db + suffix);
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      });
    }
  }

  async function load(): Promise<VaultSpace> {
    let pointer = await deps.pointer.get<Pointer>(POINTER);
    if (!pointer) {
      const mine: Pointer =
        !deps.buckets || (await hasLegacyData())
          ? { kind: 'default', id: LEGACY }
          : { kind: 'bucket', id: randomId() };
      // Two tabs starting at once agree on one space.
      pointer = (await deps.pointer.update<Pointer>(POINTER, (old) => old ?? mine)) ?? mine;
    }
    return materialise(pointer);
  }

  return {
    current(): Promise<VaultSpace> {
      current ??= load().catch((error: unknown) => {
        current = undefined;
        throw error;
      });
      return current;
    },
    /** Reads the pointer again (another tab moved the vault). */
    forget(): void {
      current = undefined;
    },
    create,
    /** Makes `next` the vault, then deletes the old space as a whole. */
    async switchTo(next: VaultSpace): Promise<void> {
      const previous = await this.current();
      await deps.pointer.set<Pointer>(POINTER, { kind: next.kind, id: next.id });
      current = Promise.resolve(next);
      await drop(previous);
    },
    drop,
  };
}

export type VaultSpaces = ReturnType<typeof createVaultSpaces>;
