import { deleteIndexedDbDatabases } from './store';
import { BUCKET_PREFIX, type StorageBucketsLike } from './vault-space';

/**
 * Every IndexedDB database Keyfob keeps, and what each holds in words a person can check before
 * "Reset local data" deletes it. Nothing else is kept: no localStorage, no cookies.
 */
export const LOCAL_DATABASES = [
  {
    name: 'keyfob-keys',
    holds: 'the vault key (or, when locked, the wrapped key) that seals everything below',
  },
  {
    name: 'keyfob-connections',
    holds:
      'every connection: its tokens or API keys, who you are connected as, what was granted and its API console history (nothing is revoked at the provider)',
  },
  { name: 'keyfob-activity', holds: 'each connection’s Activity (what was done, redacted)' },
  { name: 'keyfob-transactions', holds: 'sign-ins in progress' },
  {
    name: 'keyfob-vault-state',
    holds: 'the list of connections this device expects to have, and where the vault is kept',
  },
  { name: 'keyfob-settings', holds: 'providers added on this device' },
] as const;

/**
 * Deletes all of Keyfob's local data: the way out of a damaged vault key, or of a forgotten
 * passphrase. The caller reloads every tab afterwards, since their keys and stores are gone.
 */
export async function resetLocalData(
  deps: { idb?: IDBFactory; buckets?: StorageBucketsLike } = {},
): Promise<void> {
  const idb = deps.idb ?? indexedDB;
  const bases: string[] = LOCAL_DATABASES.map((d) => d.name);
  // The vault's databases in the default IndexedDB carry a generation suffix once a lock moved them.
  const present = ((await idb.databases?.()) ?? []).map((d) => d.name ?? '');
  const names = new Set([
    ...bases,
    ...present.filter((n) => bases.some((base) => n.startsWith(`${base}~`))),
  ]);
  await deleteIndexedDbDatabases([...names], idb);
  const buckets = deps.buckets;
  for (const bucket of (await buckets?.keys()) ?? []) {
    if (bucket.startsWith(BUCKET_PREFIX)) await buckets?.delete(bucket);
  }
}
