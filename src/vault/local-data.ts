import { deleteIndexedDbDatabases } from './store';

/**
 * Every IndexedDB database Keyfob keeps, and what each holds in words a person can check before
 * "Reset local data" deletes it. Nothing else is kept: no localStorage, no cookies.
 */
export const LOCAL_DATABASES = [
  { name: 'keyfob-keys', holds: 'the vault key that seals everything below' },
  {
    name: 'keyfob-connections',
    holds:
      'every connection: its tokens or API keys, who you are connected as and what was granted (nothing is revoked at the provider)',
  },
  { name: 'keyfob-transactions', holds: 'sign-ins in progress' },
  { name: 'keyfob-vault-state', holds: 'the list of connections this device expects to have' },
  { name: 'keyfob-settings', holds: 'providers added on this device' },
] as const;

/**
 * Deletes all of Keyfob's local data: the way out of a damaged vault key, or of a forgotten
 * passphrase. The caller reloads every tab afterwards, since their keys and stores are gone.
 */
export function resetLocalData(
  remove: (names: readonly string[]) => Promise<void> = deleteIndexedDbDatabases,
): Promise<void> {
  return remove(LOCAL_DATABASES.map((d) => d.name));
}
