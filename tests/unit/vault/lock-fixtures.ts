import type { IDBFactory } from 'fake-indexeddb';
import type { Connection } from '../../../src/oauth/types';
import { createConnectionStore } from '../../../src/vault/connections';
import type { PasskeyAuthenticator } from '../../../src/vault/passkey';
import { createIndexedDbStore } from '../../../src/vault/store';
import { createVault, type ChannelLike } from '../../../src/vault/vault-lock';
import { createVaultSpaces } from '../../../src/vault/vault-space';

export const connection: Connection = {
  id: 'a',
  providerId: 'sandbox',
  providerName: 'Sandbox',
  authMethod: 'oauth',
  createdAt: 1,
  updatedAt: 1,
  obtainedAt: 1,
  grantedScopes: [],
  hasRefreshToken: true,
  status: 'connected',
  credential: { kind: 'oauth', accessToken: 'access-a', tokenType: 'bearer', refreshToken: 'r-a' },
};

/** One "tab": a vault and its connections on a shared IndexedDB (a reload is a new tab). */
export function tab(
  idb: IDBFactory,
  options: { channel?: ChannelLike; passkeys?: PasskeyAuthenticator } = {},
) {
  const pointer = createIndexedDbStore('keyfob-vault-state', () => ({
    factory: idb,
    name: 'keyfob-vault-state',
  }));
  const vault = createVault({ spaces: createVaultSpaces({ idb, pointer }), ...options });
  const connections = createConnectionStore(vault.store('keyfob-connections'), vault.cipher);
  return { vault, connections };
}

/** Every record of every key store (each space's keyfob-keys), by database and key. */
export async function rawKeyStore(idb: IDBFactory): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const info of await idb.databases()) {
    if (!info.name?.startsWith('keyfob-keys')) continue;
    const store = createIndexedDbStore(info.name, () => ({ factory: idb, name: info.name! }));
    for (const key of await store.keys()) out[`${info.name}/${key}`] = await store.get(key);
  }
  return out;
}
