import { ErrorCode, KeyfobError } from '../oauth/errors';
import { createActivityLog } from './activity-log';
import { createCipher, loadVaultKey, type Cipher } from './cipher';
import { createConnectionStore } from './connections';
import { createIndexedDbStore, type KeyValueStore } from './store';
import type { VaultSpace, VaultSpaces } from './vault-space';

/** OWASP's 2023 floor for PBKDF2-HMAC-SHA-256. */
export const PBKDF2_ITERATIONS = 600_000;
const LOCK_ID = 'vault-lock:v1';
/** Each connection's DPoP key pair (RFC 9449), stored as CryptoKey objects next to the vault key. */
const DPOP_PREFIX = 'dpop-key:';
export const MIN_PASSPHRASE_LENGTH = 8;

/** The vault key wrapped by a passphrase-derived key: all a locked vault keeps of its key. */
interface LockRecord {
  v: 1;
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  iv: Uint8Array<ArrayBuffer>;
  wrapped: ArrayBuffer;
}

export type LockState = 'none' | 'locked' | 'unlocked';

type Message = { type: 'locked' } | { type: 'unlocked'; key: CryptoKey } | { type: 'moved' };

export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** The passphrase-derived key-wrapping key (PBKDF2-SHA-256, random salt). */
export async function deriveWrappingKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

const locked = () =>
  new KeyfobError(
    ErrorCode.LOCKED,
    'Keyfob is locked. Unlock it with your passphrase to use your connections.',
  );

/**
 * The vault's key and its lock. Without a lock the key is a non-extractable CryptoKey in the
 * vault's key store (and Chromium writes its bytes into the profile's files). With a lock the store
 * keeps only the key wrapped by a passphrase-derived key, and the usable key lives in memory, in
 * the tabs that were unlocked, until Lock now or a reload. Setting or removing the lock re-seals
 * every connection under a new key in a new space and deletes the old space as a whole.
 */
export function createVault(deps: {
  spaces: VaultSpaces;
  channel?: ChannelLike;
  iterations?: number;
}) {
  const iterations = deps.iterations ?? PBKDF2_ITERATIONS;
  let memoryKey: CryptoKey | undefined;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  const storeIn = (space: VaultSpace | (() => Promise<VaultSpace>), db: string): KeyValueStore =>
    createIndexedDbStore(db, async () =>
      (typeof space === 'function' ? await space() : space).location(db),
    );
  const current = () => deps.spaces.current();
  const keys = storeIn(current, 'keyfob-keys');

  deps.channel?.addEventListener('message', (event: MessageEvent<Message>) => {
    const message = event.data;
    if (message?.type === 'locked') memoryKey = undefined;
    else if (message?.type === 'unlocked') memoryKey = message.key;
    else if (message?.type === 'moved') {
      memoryKey = undefined;
      deps.spaces.forget();
    } else return;
    notify();
  });

  async function lockRecord(): Promise<LockRecord | undefined> {
    return keys.get<LockRecord>(LOCK_ID);
  }

  async function key(): Promise<CryptoKey> {
    if (memoryKey) return memoryKey;
    if (await lockRecord()) throw locked();
    return loadVaultKey(keys);
  }

  const cipher: Cipher = {
    seal: async (value) => createCipher(await key()).seal(value),
    open: async (sealed) => createCipher(await key()).open(sealed),
  };

  /** Copies every readable connection into `next`, sealed under `nextKey`, then moves there. */
  async function moveTo(next: VaultSpace, nextKey: CryptoKey): Promise<void> {
    const from = createConnectionStore(storeIn(current, 'keyfob-connections'), cipher);
    const to = createConnectionStore(storeIn(next, 'keyfob-connections'), createCipher(nextKey));
    const nextKeys = storeIn(next, 'keyfob-keys');
    const fromLog = createActivityLog(
      storeIn(current, 'keyfob-activity'),
      cipher,
      async () => true,
    );
    const toLog = createActivityLog(
      storeIn(next, 'keyfob-activity'),
      createCipher(nextKey),
      async () => true,
    );
    for (const connection of await from.list()) {
      if (connection.credential) await to.save(connection);
      // Its Activity moves with it, re-sealed under the new key (list is newest first).
      const entries = await fromLog.list(connection.id).catch(() => []);
      if (entries.length > 0) await toLog.append(connection.id, entries.reverse());
      const pair = await keys.get<CryptoKeyPair>(DPOP_PREFIX + connection.id);
      if (pair) await nextKeys.set(DPOP_PREFIX + connection.id, pair);
    }
    // Sign-ins in progress are not carried over: they were sealed under the old key.
    await deps.spaces.switchTo(next);
    deps.channel?.postMessage({ type: 'moved' } satisfies Message);
  }

  return {
    cipher,
    async state(): Promise<LockState> {
      if (!(await lockRecord())) return 'none';
      return memoryKey ? 'unlocked' : 'locked';
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Lock with a passphrase: the profile's files alone no longer decrypt anything. */
    async setPassphrase(passphrase: string): Promise<void> {
      if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
        throw new KeyfobError(
          ErrorCode.CONFIG,
          `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`,
        );
      }
      if (await lockRecord()) throw new KeyfobError(ErrorCode.CONFIG, 'Keyfob is already locked.');
      const extractable = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
        'encrypt',
        'decrypt',
      ]);
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const wrapping = await deriveWrappingKey(passphrase, salt, iterations);
      const wrapped = await crypto.subtle.wrapKey('raw', extractable, wrapping, {
        name: 'AES-GCM',
        iv,
      });
      // The extractable copy never leaves this function; the one kept is non-extractable.
      const nextKey = await crypto.subtle.unwrapKey(
        'raw',
        wrapped,
        wrapping,
        { name: 'AES-GCM', iv },
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      );
      const next = await deps.spaces.create();
      const record: LockRecord = { v: 1, kdf: 'PBKDF2-SHA-256', iterations, salt, iv, wrapped };
      await storeIn(next, 'keyfob-keys').set(LOCK_ID, record);
      await moveTo(next, nextKey);
      memoryKey = nextKey;
      deps.channel?.postMessage({ type: 'unlocked', key: nextKey } satisfies Message);
      notify();
    },
    /** Forgets the key in every tab; the passphrase brings it back. */
    lockNow(): void {
      memoryKey = undefined;
      deps.channel?.postMessage({ type: 'locked' } satisfies Message);
      notify();
    },
    async unlock(passphrase: string): Promise<void> {
      const record = await lockRecord();
      if (!record) return;
      const wrapping = await deriveWrappingKey(passphrase, record.salt, record.iterations);
      try {
        memoryKey = await crypto.subtle.unwrapKey(
          'raw',
          record.wrapped,
          wrapping,
          { name: 'AES-GCM', iv: record.iv },
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        );
      } catch {
        throw new KeyfobError(ErrorCode.LOCKED, 'That passphrase is not the right one.');
      }
      deps.channel?.postMessage({ type: 'unlocked', key: memoryKey } satisfies Message);
      notify();
    },
    /** Back to a key kept in the vault's store (readable from the profile's files again). */
    async removeLock(): Promise<void> {
      if (!(await lockRecord())) return;
      if (!memoryKey) throw locked();
      const next = await deps.spaces.create();
      const nextKey = await loadVaultKey(storeIn(next, 'keyfob-keys'));
      await moveTo(next, nextKey);
      memoryKey = undefined;
      notify();
    },
    /**
     * DPoP key pairs per connection id, kept by structured clone (the private keys are not
     * extractable). Read only while the vault is usable: locked, each use fails with LOCKED.
     */
    dpopKeys: {
      async get(connectionId: string): Promise<CryptoKeyPair | undefined> {
        await key();
        return keys.get<CryptoKeyPair>(DPOP_PREFIX + connectionId);
      },
      async set(connectionId: string, keyPair: CryptoKeyPair): Promise<void> {
        await key();
        await keys.set(DPOP_PREFIX + connectionId, keyPair);
      },
      remove: (connectionId: string) => keys.remove(DPOP_PREFIX + connectionId),
    },
    /** The vault's own stores, following the vault wherever a lock moves it. */
    store: (db: 'keyfob-connections' | 'keyfob-transactions' | 'keyfob-activity') =>
      storeIn(current, db),
  };
}

export type Vault = ReturnType<typeof createVault>;
