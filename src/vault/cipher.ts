import { ErrorCode, KeyfobError } from '../oauth/errors';
import type { KeyValueStore } from './store';

/** A sealed value: AES-GCM ciphertext with the fresh 96-bit IV it was sealed under. */
export interface Sealed {
  alg: 'A256GCM';
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

export interface Cipher {
  seal(value: unknown): Promise<Sealed>;
  /** Throws when the key is gone or the data was changed (GCM authenticates it). */
  open(sealed: Sealed): Promise<unknown>;
}

export const VAULT_KEY_ID = 'vault-key:v1';

const RESET_HINT = 'Reset local data to start again with a new key (your connections are lost).';

function storageError(message: string, cause?: unknown): KeyfobError {
  return new KeyfobError(ErrorCode.STORAGE, `${message} ${RESET_HINT}`, { cause });
}

/**
 * What a usable vault key is: an AES-GCM CryptoKey of 256 bits that may encrypt and decrypt.
 * Anything else in the key store (a string, a key for another algorithm, a key without
 * `decrypt`) would make every later seal or open fail far from its cause, blaming a provider.
 */
export function vaultKeyProblem(value: unknown): string | undefined {
  if (typeof CryptoKey === 'undefined' || !(value instanceof CryptoKey)) {
    return 'The vault key stored in this browser is damaged: it is not a CryptoKey.';
  }
  const algorithm = value.algorithm as Partial<AesKeyAlgorithm>;
  if (algorithm.name !== 'AES-GCM' || algorithm.length !== 256) {
    return `The vault key stored in this browser is damaged: it is a ${algorithm.name ?? 'unknown'} key, not AES-GCM 256.`;
  }
  if (
    value.type !== 'secret' ||
    !['encrypt', 'decrypt'].every((u) => value.usages.includes(u as KeyUsage))
  ) {
    return `The vault key stored in this browser is damaged: it may only ${value.usages.join(', ') || 'do nothing'}, not encrypt and decrypt.`;
  }
  return undefined;
}

/**
 * Gets the vault key, making it on first use: a non-extractable AES-256-GCM CryptoKey that lives in
 * IndexedDB as a key object, so its bytes can be used by this origin but never read or exported by
 * script. Two tabs racing on first use agree on one key, since the write is "set if absent". A
 * stored value that is not a usable key, or a store that fails, is a STORAGE error.
 */
export async function loadVaultKey(keys: KeyValueStore): Promise<CryptoKey> {
  let existing: unknown;
  try {
    existing = await keys.get<unknown>(VAULT_KEY_ID);
  } catch (error) {
    throw storageError('The vault key could not be read from this browser.', error);
  }
  if (existing !== undefined) {
    const problem = vaultKeyProblem(existing);
    if (problem) throw storageError(problem);
    return existing as CryptoKey;
  }
  const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  let winner: unknown;
  try {
    winner = await keys.update<unknown>(VAULT_KEY_ID, (old) => old ?? fresh);
  } catch (error) {
    throw storageError('The vault key could not be stored in this browser.', error);
  }
  const problem = vaultKeyProblem(winner);
  if (problem) throw storageError(problem);
  return winner as CryptoKey;
}

/** AES-GCM with a fresh random IV for every seal; the value is JSON inside. */
export function createCipher(key: CryptoKey): Cipher {
  return {
    async seal(value) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = new TextEncoder().encode(JSON.stringify(value));
      const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain);
      return { alg: 'A256GCM', iv, data };
    },
    async open(sealed) {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: sealed.iv },
        key,
        sealed.data,
      );
      return JSON.parse(new TextDecoder().decode(plain));
    },
  };
}

/**
 * The cipher the app uses: it loads (and checks) the vault key on first use rather than at
 * start-up, so a damaged key does not stop the app from starting: every seal and open then fails
 * with STORAGE, which the UI answers with "Reset local data". A failed load is tried again next time.
 */
export function createVaultCipher(keys: KeyValueStore): Cipher {
  let key: Promise<Cipher> | undefined;
  const cipher = () => {
    key ??= loadVaultKey(keys).then(createCipher, (error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };
  return {
    seal: async (value) => (await cipher()).seal(value),
    open: async (sealed) => (await cipher()).open(sealed),
  };
}
