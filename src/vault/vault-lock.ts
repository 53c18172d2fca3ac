import { ErrorCode, KeyfobError } from '../oauth/errors';
import { createCipher, loadVaultKey, type Cipher } from './cipher';
import { IDLE_CHOICES } from './idle-lock';
import {
  PBKDF2_ITERATIONS,
  deriveWrappingKey,
  derivePrfWrappingKey,
  unwrapVaultKey,
  wrapNewVaultKey,
} from './key-wrapping';
import {
  NO_PASSKEYS,
  NO_PRF,
  passkeyError,
  type PasskeyAuthenticator,
  type PasskeySupport,
} from './passkey';
import {
  LOCK_ID,
  lockedError,
  methodOf,
  type LockMethod,
  type LockRecord,
  type PasskeyLock,
  type PassphraseLock,
} from './lock-record';
import { copyVaultContents, DPOP_PREFIX } from './vault-move';
import { createIndexedDbStore, type KeyValueStore } from './store';
import type { VaultSpace, VaultSpaces } from './vault-space';

export const MIN_PASSPHRASE_LENGTH = 8;
export { PBKDF2_ITERATIONS };
export type { LockMethod };

export type LockState = 'none' | 'locked' | 'unlocked';

type Message = { type: 'locked' } | { type: 'unlocked'; key: CryptoKey } | { type: 'moved' };

export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * The vault's key and its lock. Without a lock the key is a non-extractable CryptoKey in the
 * vault's key store (and Chromium writes its bytes into the profile's files). With a lock the store
 * keeps only the key wrapped by a passphrase- or passkey-derived key, and the usable key lives in memory, in
 * the tabs that were unlocked, until Lock now or a reload. Setting or removing the lock re-seals
 * every connection under a new key in a new space and deletes the old space as a whole.
 */
export function createVault(deps: {
  spaces: VaultSpaces;
  channel?: ChannelLike;
  iterations?: number;
  /** WebAuthn (navigator.credentials) where the browser has it; a fake authenticator in tests. */
  passkeys?: PasskeyAuthenticator;
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
    const record = await lockRecord();
    if (record) throw lockedError(methodOf(record));
    return loadVaultKey(keys);
  }

  function adopt(unlocked: CryptoKey): void {
    memoryKey = unlocked;
    // Structured clone carries the non-extractable key to the other tabs, never to disk.
    deps.channel?.postMessage({ type: 'unlocked', key: unlocked } satisfies Message);
    notify();
  }

  const cipher: Cipher = {
    seal: async (value) => createCipher(await key()).seal(value),
    open: async (sealed) => createCipher(await key()).open(sealed),
  };

  /** Copies every readable connection into `next`, sealed under `nextKey`, then moves there. */
  async function moveTo(next: VaultSpace, nextKey: CryptoKey): Promise<void> {
    await copyVaultContents(
      { store: (db) => storeIn(current, db), cipher },
      { store: (db) => storeIn(next, db), cipher: createCipher(nextKey) },
    );
    await deps.spaces.switchTo(next);
    deps.channel?.postMessage({ type: 'moved' } satisfies Message);
  }

  async function refuseSecondLock(): Promise<void> {
    if (await lockRecord()) throw new KeyfobError(ErrorCode.CONFIG, 'Keyfob is already locked.');
  }

  /** The one wrapping path: a new vault key, wrapped by `wrapping`, everything moved under it. */
  async function lockWith(
    wrapping: CryptoKey,
    fields: PassphraseLock | PasskeyLock,
  ): Promise<void> {
    const { key: nextKey, wrapped } = await wrapNewVaultKey(wrapping);
    const next = await deps.spaces.create();
    const record: LockRecord = { v: 1, ...fields, ...wrapped };
    await storeIn(next, 'keyfob-keys').set(LOCK_ID, record);
    await moveTo(next, nextKey);
    adopt(nextKey);
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
    /** How the vault is locked, if it is. */
    async lockMethod(): Promise<LockMethod | undefined> {
      const record = await lockRecord();
      return record && methodOf(record);
    },
    /** Lock with a passphrase: the profile's files alone no longer decrypt anything. */
    async setPassphrase(passphrase: string): Promise<void> {
      if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
        throw new KeyfobError(
          ErrorCode.CONFIG,
          `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`,
        );
      }
      await refuseSecondLock();
      const salt = crypto.getRandomValues(new Uint8Array(16));
      await lockWith(await deriveWrappingKey(passphrase, salt, iterations), {
        kdf: 'PBKDF2-SHA-256',
        iterations,
        salt,
      });
    },
    /** Whether this browser can lock with a passkey (WebAuthn with PRF), or why not. */
    async passkeySupport(): Promise<PasskeySupport> {
      return deps.passkeys?.support() ?? { supported: false, reason: NO_PASSKEYS };
    },
    /** Lock with a passkey: a new credential, its PRF output through HKDF wraps the vault key. */
    async setPasskey(): Promise<void> {
      const passkeys = deps.passkeys;
      if (!passkeys) throw new KeyfobError(ErrorCode.PASSKEY_FAILED, NO_PASSKEYS);
      await refuseSecondLock();
      const salt = crypto.getRandomValues(new Uint8Array(32));
      let credentialId: ArrayBuffer;
      let output: ArrayBuffer | undefined;
      try {
        const made = await passkeys.create(salt);
        credentialId = made.credentialId;
        // Some authenticators give the PRF output only on an assertion, not at creation.
        output = made.prfOutput ?? (await passkeys.evaluate(credentialId, salt));
      } catch (error) {
        throw passkeyError(error, 'Keyfob is not locked.');
      }
      if (!output)
        throw new KeyfobError(ErrorCode.PASSKEY_FAILED, `${NO_PRF} Keyfob is not locked.`);
      await lockWith(await derivePrfWrappingKey(output), {
        kdf: 'WebAuthn-PRF/HKDF-SHA-256',
        credentialId,
        salt,
      });
    },
    /** Forgets the key in every tab; the passphrase or the passkey brings it back. */
    lockNow(): void {
      memoryKey = undefined;
      deps.channel?.postMessage({ type: 'locked' } satisfies Message);
      notify();
    },
    async unlock(passphrase: string): Promise<void> {
      const record = await lockRecord();
      if (!record) return;
      if (record.kdf !== 'PBKDF2-SHA-256') throw lockedError('passkey');
      const wrapping = await deriveWrappingKey(passphrase, record.salt, record.iterations);
      const unlocked = await unwrapVaultKey(wrapping, record).catch(() => {
        throw new KeyfobError(ErrorCode.LOCKED, 'That passphrase is not the right one.');
      });
      adopt(unlocked);
    },
    /** Asks the lock's passkey for its PRF output; a cancelled or failed ceremony keeps it locked. */
    async unlockWithPasskey(): Promise<void> {
      const record = await lockRecord();
      if (!record) return;
      if (record.kdf !== 'WebAuthn-PRF/HKDF-SHA-256') throw lockedError('passphrase');
      let output: ArrayBuffer | undefined;
      try {
        output = await deps.passkeys?.evaluate(record.credentialId, record.salt);
      } catch (error) {
        throw passkeyError(error, 'Keyfob stays locked.');
      }
      if (!output)
        throw new KeyfobError(ErrorCode.PASSKEY_FAILED, `${NO_PRF} Keyfob stays locked.`);
      const unlocked = await unwrapVaultKey(await derivePrfWrappingKey(output), record).catch(
        () => {
          throw new KeyfobError(ErrorCode.LOCKED, 'That passkey does not unlock this vault.');
        },
      );
      adopt(unlocked);
    },
    /** Minutes without input before every tab locks (0: never); kept in the lock's record. */
    async idleMinutes(): Promise<number> {
      return (await lockRecord())?.idleMinutes ?? 0;
    },
    async setIdleMinutes(minutes: number): Promise<void> {
      if (!(IDLE_CHOICES as readonly number[]).includes(minutes)) {
        throw new KeyfobError(ErrorCode.CONFIG, `Lock after: ${minutes} minutes is not a choice.`);
      }
      const saved = await keys.update<LockRecord>(
        LOCK_ID,
        (old) => old && { ...old, idleMinutes: minutes },
      );
      if (!saved) throw new KeyfobError(ErrorCode.CONFIG, 'Set a lock first.');
    },
    /** Back to a key kept in the vault's store (readable from the profile's files again). */
    async removeLock(): Promise<void> {
      const record = await lockRecord();
      if (!record) return;
      if (!memoryKey) throw lockedError(methodOf(record));
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
