import { isKeyfobError, ErrorCode } from '../oauth/errors';
import type { Connection, ConnectionInfo, Credential } from '../oauth/types';
import type { Cipher, Sealed } from './cipher';
import { historyKey } from './request-history';
import type { KeyValueStore } from './store';

/**
 * What is sealed with the credential: who the person is and what they granted are theirs too, and
 * so is statusReason, which can quote the provider's own answer (an account name, an email).
 */
const PRIVATE_FIELDS = ['identity', 'idTokenClaims', 'tokens', 'grant', 'statusReason'] as const;
type PrivateField = (typeof PRIVATE_FIELDS)[number];
type PublicInfo = Omit<ConnectionInfo, PrivateField>;
type SealedPart = { credential: Credential } & Pick<ConnectionInfo, PrivateField>;

/**
 * Version 2 of a stored connection: only the facts needed to list and route it in the clear; the
 * credential, the identity (name, email, details), the ID token's claims and the grant sealed.
 * Version 1 (identity and claims in the clear) is still read, and rewritten as 2 on the next save.
 */
interface ConnectionRecordV2 {
  v: 2;
  info: PublicInfo;
  sealed: Sealed;
}

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

/**
 * A token stored before `obtainedAt` was kept was last written when it was obtained or later, so
 * its updatedAt is the best stand-in; the next save stores it as its own field.
 */
function withObtainedAt<T extends PublicInfo>(info: T): T {
  if (info.authMethod !== 'oauth' || info.obtainedAt !== undefined) return info;
  return { ...info, obtainedAt: info.updatedAt };
}

function isRecord(value: unknown): value is ConnectionRecordV1 | ConnectionRecordV2 {
  const record = value as Partial<ConnectionRecordV2> | Partial<ConnectionRecordV1> | undefined;
  return (
    (record?.v === 1 || record?.v === 2) &&
    typeof record.info?.id === 'string' &&
    record.sealed !== undefined
  );
}

/**
 * Connections in a key-value store, each credential sealed with the vault cipher. A record that
 * cannot be opened is returned as "needs reconnect" instead of failing the whole list.
 */
export function createConnectionStore(store: KeyValueStore, cipher: Cipher): ConnectionStore {
  async function read(key: string): Promise<Connection | undefined> {
    const record = await store.get<unknown>(key);
    if (record === undefined) return undefined;
    if (!isRecord(record)) {
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
    const info = withObtainedAt(record.info);
    try {
      if (record.v === 1) {
        return { ...info, credential: (await cipher.open(record.sealed)) as Credential };
      }
      const { credential, ...rest } = (await cipher.open(record.sealed)) as SealedPart;
      return { ...info, ...rest, credential };
    } catch (error) {
      // A broken vault key is not this record's fault: say so, instead of blaming each connection.
      if (isKeyfobError(error, ErrorCode.STORAGE) || isKeyfobError(error, ErrorCode.LOCKED))
        throw error;
      const visible: PublicInfo = Object.fromEntries(
        Object.entries(info).filter(([k]) => !(PRIVATE_FIELDS as readonly string[]).includes(k)),
      ) as PublicInfo;
      return { ...visible, status: 'needs-reconnect', statusReason: UNREADABLE };
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
      const { credential, identity, idTokenClaims, tokens, grant, statusReason, ...info } =
        connection;
      if (!credential) throw new Error('a connection is saved with its credential');
      const secret: SealedPart = { credential, identity, idTokenClaims, tokens, grant, statusReason };
      const record: ConnectionRecordV2 = { v: 2, info, sealed: await cipher.seal(secret) };
      await store.set(keyOf(connection.id), record);
    },
    async remove(id) {
      await store.remove(keyOf(id));
      // Its API console history goes with it.
      await store.remove(historyKey(id));
    },
  };
}
