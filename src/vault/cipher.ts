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

const KEY_ID = 'vault-key:v1';

/**
 * Gets the vault key, making it on first use: a non-extractable AES-256-GCM CryptoKey that lives in
 * IndexedDB as a key object, so its bytes can be used by this origin but never read or exported.
 * Two tabs racing on first use agree on one key, since the write is "set if absent".
 */
export async function loadVaultKey(keys: KeyValueStore): Promise<CryptoKey> {
  const existing = await keys.get<CryptoKey>(KEY_ID);
  if (existing) return existing;
  const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const winner = await keys.update<CryptoKey>(KEY_ID, (old) => old ?? fresh);
  if (!winner) throw new Error('the vault key could not be stored');
  return winner;
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
