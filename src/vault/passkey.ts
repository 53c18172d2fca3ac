import { ErrorCode, KeyfobError } from '../oauth/errors';

/** Whether this browser can lock with a passkey, and when not, why, in plain words. */
export type PasskeySupport = { supported: true } | { supported: false; reason: string };

/**
 * The part of WebAuthn the lock uses, injected so that tests pass a fake authenticator. Both
 * ceremonies require user verification; only the PRF output (32 secret bytes per credential and
 * salt) matters, there is no server to check a signature.
 */
export interface PasskeyAuthenticator {
  support(): Promise<PasskeySupport>;
  /** Makes a credential for this site, asking for its PRF over `salt` (given here by some). */
  create(
    salt: Uint8Array<ArrayBuffer>,
  ): Promise<{ credentialId: ArrayBuffer; prfOutput?: ArrayBuffer }>;
  /** The credential's PRF output over `salt`; undefined when the authenticator gives none. */
  evaluate(
    credentialId: ArrayBuffer,
    salt: Uint8Array<ArrayBuffer>,
  ): Promise<ArrayBuffer | undefined>;
}

type PrfOutputs = { enabled?: boolean; results?: { first?: BufferSource } };

/** What the brower's globals say about WebAuthn and PRF; injected for tests. */
export interface PasskeyEnvironment {
  credentials?: CredentialsContainer;
  hostname: string;
  publicKeyCredential?: { getClientCapabilities?: () => Promise<Record<string, boolean>> };
}

const isIpAddress = (host: string) =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':') || host.startsWith('[');

export const NO_PASSKEYS = 'This browser does not offer passkeys (WebAuthn) on this page.';

export async function passkeySupport(env: PasskeyEnvironment): Promise<PasskeySupport> {
  if (!env.credentials || !env.publicKeyCredential) {
    return { supported: false, reason: NO_PASSKEYS };
  }
  if (isIpAddress(env.hostname)) {
    return {
      supported: false,
      reason: `Passkeys belong to a domain name, and this page is served from the IP address ${env.hostname}: open Keyfob under a name (such as localhost) to lock with a passkey.`,
    };
  }
  // Browsers without getClientCapabilities may still have PRF: the ceremony then tells.
  const capabilities = await env.publicKeyCredential
    .getClientCapabilities?.()
    .catch(() => undefined);
  if (capabilities && capabilities['extension:prf'] === false) {
    return {
      supported: false,
      reason:
        'This browser does not offer the passkey PRF extension, which Keyfob needs to derive a key from a passkey.',
    };
  }
  return { supported: true };
}

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

function toBuffer(source: BufferSource): ArrayBuffer {
  const bytes =
    source instanceof ArrayBuffer
      ? new Uint8Array(source)
      : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  return bytes.slice().buffer;
}

/** WebAuthn through navigator.credentials, the relying party being the page's own host. */
export function createBrowserPasskeys(env: PasskeyEnvironment): PasskeyAuthenticator {
  const prfOf = (credential: Credential | null): ArrayBuffer | undefined => {
    const outputs = (credential as PublicKeyCredential | null)?.getClientExtensionResults() as
      { prf?: PrfOutputs } | undefined;
    const first = outputs?.prf?.results?.first;
    return first ? toBuffer(first) : undefined;
  };
  const credentials = (): CredentialsContainer => {
    if (!env.credentials) throw new Error('This browser has no WebAuthn (navigator.credentials).');
    return env.credentials;
  };
  return {
    support: () => passkeySupport(env),
    async create(salt) {
      const credential = (await credentials().create({
        publicKey: {
          rp: { id: env.hostname, name: 'Keyfob' },
          // A fresh id per lock: the passkey names this browser's vault, not a person.
          user: { id: random(16), name: 'Keyfob vault', displayName: 'Keyfob vault lock' },
          challenge: random(32),
          pubKeyCredParams: [
            { type: 'public-key', alg: -7 },
            { type: 'public-key', alg: -257 },
          ],
          authenticatorSelection: { userVerification: 'required', residentKey: 'preferred' },
          attestation: 'none',
          timeout: 120_000,
          extensions: { prf: { eval: { first: salt } } } as AuthenticationExtensionsClientInputs,
        },
      })) as PublicKeyCredential | null;
      if (!credential) throw new DOMException('No passkey was made.', 'NotAllowedError');
      return { credentialId: credential.rawId, prfOutput: prfOf(credential) };
    },
    async evaluate(credentialId, salt) {
      const credential = await credentials().get({
        publicKey: {
          rpId: env.hostname,
          challenge: random(32),
          allowCredentials: [{ type: 'public-key', id: credentialId }],
          userVerification: 'required',
          timeout: 120_000,
          extensions: { prf: { eval: { first: salt } } } as AuthenticationExtensionsClientInputs,
        },
      });
      return prfOf(credential);
    },
  };
}

/** A ceremony's failure as the person reads it; `after` says what still holds. */
export function passkeyError(error: unknown, after: string): KeyfobError {
  const name = error instanceof DOMException ? error.name : undefined;
  const why =
    name === 'NotAllowedError' || name === 'AbortError'
      ? 'The passkey was not used: the request was cancelled, timed out or no passkey was chosen.'
      : name === 'InvalidStateError'
        ? 'This authenticator already holds a Keyfob passkey it will not make twice.'
        : name === 'SecurityError'
          ? 'The browser refused passkeys for this address.'
          : `The passkey request failed${error instanceof Error && error.message ? `: ${error.message}` : '.'}`;
  return new KeyfobError(ErrorCode.PASSKEY_FAILED, `${why} ${after}`, { cause: error });
}

export const NO_PRF =
  'This passkey gives no PRF output (its authenticator does not offer the PRF extension), so no key can be derived from it.';
