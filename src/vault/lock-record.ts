import { ErrorCode, KeyfobError } from '../oauth/errors';
import type { WrappedKey } from './key-wrapping';

/** The key under which the vault's key store keeps the lock, when there is one. */
export const LOCK_ID = 'vault-lock:v1';

export type PassphraseLock = {
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
};
export type PasskeyLock = {
  kdf: 'WebAuthn-PRF/HKDF-SHA-256';
  credentialId: ArrayBuffer;
  /** The PRF input (eval.first): not secret, the authenticator's output over it is. */
  salt: Uint8Array<ArrayBuffer>;
};
/** The vault key wrapped by a passphrase- or passkey-derived key: all a locked vault keeps of it. */
export type LockRecord = WrappedKey & {
  v: 1;
  /** Minutes without input in any tab before every tab locks; 0 or absent: never. */
  idleMinutes?: number;
} & (PassphraseLock | PasskeyLock);

export type LockMethod = 'passphrase' | 'passkey';

export const methodOf = (record: LockRecord): LockMethod =>
  record.kdf === 'PBKDF2-SHA-256' ? 'passphrase' : 'passkey';

/** What any use of a locked vault fails with, naming what unlocks it. */
export const lockedError = (method: LockMethod = 'passphrase') =>
  new KeyfobError(
    ErrorCode.LOCKED,
    `Keyfob is locked. Unlock it with your ${method} to use your connections.`,
  );
