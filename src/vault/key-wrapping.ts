/**
 * One way to wrap the vault key, two ways to get the wrapping key: a passphrase (PBKDF2-SHA-256)
 * or a passkey's PRF output (HKDF-SHA-256). Whichever made it, the wrapping key wraps a fresh
 * AES-GCM vault key with AES-GCM, and only the wrapped form is kept.
 */

/** OWASP's 2023 floor for PBKDF2-HMAC-SHA-256. */
export const PBKDF2_ITERATIONS = 600_000;
/** Binds the HKDF output to its one use, so the same PRF output never keys anything else. */
const PRF_INFO = new TextEncoder().encode('Keyfob vault key wrapping (WebAuthn PRF) v1');

/** The vault key wrapped, with the IV it was wrapped under (AES-GCM key wrapping). */
export interface WrappedKey {
  iv: Uint8Array<ArrayBuffer>;
  wrapped: ArrayBuffer;
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

/**
 * The passkey-derived key-wrapping key: HKDF-SHA-256 over the authenticator's PRF output (32
 * secret bytes that only that credential, after user verification, gives for that salt).
 * @see https://w3c.github.io/webauthn/#prf-extension
 */
export async function derivePrfWrappingKey(prfOutput: BufferSource): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', prfOutput, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: PRF_INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

/** Unwraps the vault key, non-extractable; throws (GCM authenticates) for a wrong wrapping key. */
export function unwrapVaultKey(wrapping: CryptoKey, { iv, wrapped }: WrappedKey) {
  return crypto.subtle.unwrapKey(
    'raw',
    wrapped,
    wrapping,
    { name: 'AES-GCM', iv },
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Makes a new vault key and wraps it: the usable key (non-extractable) and the form to keep. */
export async function wrapNewVaultKey(
  wrapping: CryptoKey,
): Promise<{ key: CryptoKey; wrapped: WrappedKey }> {
  const extractable = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = {
    iv,
    wrapped: await crypto.subtle.wrapKey('raw', extractable, wrapping, { name: 'AES-GCM', iv }),
  };
  // The extractable copy never leaves this function; the one kept is non-extractable.
  return { key: await unwrapVaultKey(wrapping, wrapped), wrapped };
}
