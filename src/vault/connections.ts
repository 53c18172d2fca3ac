import type { Connection, ConnectionInfo, Credential } from '../oauth/types';
import type { Cipher, Sealed } from './cipher';
import type { KeyValueStore } from './store';

/** Version 1 of a stored connection: non-secret facts in the clear, the credential sealed. */
interface ConnectionRecordV1 {
  v: 1;
  info: ConnectionInfo;
  sealed: Sealed;
}

const keyOf = (id: string) => `conn:${id}`;
const UNREADABLE =
  'The stored credential could not be decrypted (its key is gone or the data is damaged). Connect again.';

export interface ConnectionStore {
  list(): Promise<Connection[]>;
  get(id: string): Promise<Connection | undefined>;
  save(connection: Connection): Promise<void>;
  remove(id: string): Promise<void>;
}

function isRecordV1(value: unknown): value is ConnectionRecordV1 {
  const record = value as Partial<ConnectionRecordV1> | undefined;
  return record?.v === 1 && typeof record.info?.id === 'string' && record.sealed !== undefined;
}

/**
 * Connections in a key-value store, each credential sealed with the vault cipher. A record that
 * cannot be opened is returned as "needs reconnect" instead of failing the whole list.
 */
export function createConnectionStore(store: KeyValueStore, cipher: Cipher): ConnectionStore {
  async function read(key: string): Promise<Connection | undefined> {
    const record = await store.get<unknown>(key);
    if (record === undefined) return undefined;
    if (!isRecordV1(record)) {
      const id = key.slice('conn:'.length);
      return {
        id,
        providerId: 'unknown',
        providerName: 'Unknown provider',
        authMethod: 'oauth',
        createdAt: 0,
        updatedAt: 0,
        grantedScopes: [],
        hasRefreshToken: false,
        status: 'needs-reconnect',
        statusReason:
          'This stored connection is damaged and cannot be read. Disconnect it and connect again.',
      };
    }
    try {
      const credential = (await cipher.open(record.sealed)) as Credential;
      return { ...record.info, credential };
    } catch {
      return { ...record.info, status: 'needs-reconnect', statusReason: UNREADABLE };
    }
  }

  return {
    async list() {
      const keys = (await store.keys()).filter((k) => k.startsWith('conn:'));
      const all = await Promise.all(keys.map(read));
      return all
        .filter((c): c is Connection => c !== undefined)
        .sort((a, b) => a.createdAt - b.createdAt);
    },
    get: (id) => read(keyOf(id)),
    async save(connection) {
      const { credential, ...info } = connection;
      if (!credential) throw new Error('a connection is saved with its credential');
      const record: ConnectionRecordV1 = { v: 1, info, sealed: await cipher.seal(credential) };
      await store.set(keyOf(connection.id), record);
    },
    remove: (id) => store.remove(keyOf(id)),
  };
}
