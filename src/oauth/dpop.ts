import * as oauth from 'oauth4webapi';
import type { ResolvedProvider } from '../config/resolve';
import { ErrorCode, KeyfobError } from './errors';
import { requestOptions, type FetchLike } from './http';

/** Where each connection's DPoP key pair is kept: by structured clone, never JSON. */
export interface DPoPKeyStore {
  get(connectionId: string): Promise<CryptoKeyPair | undefined>;
  set(connectionId: string, keyPair: CryptoKeyPair): Promise<void>;
  remove(connectionId: string): Promise<void>;
}

/** What a connection records in the clear about its binding: the key's RFC 7638 thumbprint. */
export interface DPoPBinding {
  jkt: string;
}

/**
 * Whether tokens for this provider are to be DPoP-bound (RFC 9449): config.json's `dpop` decides
 * when set, otherwise the server's metadata advertising `dpop_signing_alg_values_supported`.
 */
export function wantsDPoP(
  provider: Pick<ResolvedProvider, 'dpop'>,
  as: oauth.AuthorizationServer,
): boolean {
  if (provider.dpop !== undefined) return provider.dpop;
  const algs = as.dpop_signing_alg_values_supported;
  return Array.isArray(algs) && algs.length > 0;
}

/** A fresh ES256 key pair whose private key script can never read (the public one always can). */
export function generateDPoPKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
}

const b64u = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/**
 * The JWK thumbprint (RFC 7638) of an EC public key: SHA-256 over its required members in
 * lexicographic order, without whitespace.
 * @see https://www.rfc-editor.org/rfc/rfc7638#section-3
 */
export async function jwkThumbprint(publicKey: CryptoKey): Promise<string> {
  const jwk = await crypto.subtle.exportKey('jwk', publicKey);
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return b64u(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical)));
}

/**
 * Runs `attempt` and, when the server asks for a DPoP nonce (`use_dpop_nonce`, RFC 9449 8 and
 * 9), once more: the handle cached the server's `DPoP-Nonce` from the refusal, so the second
 * proof carries it.
 */
export async function withNonceRetry<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!oauth.isDPoPNonceError(error)) throw error;
    return attempt();
  }
}

/**
 * A protected-resource request with a DPoP-bound token (RFC 9449 7): `Authorization: DPoP` and a
 * proof for `proofUrl` with `ath`, sent to `sendUrl` (the same, or the proxy's relay, which
 * forwards the proof). One more try on a `use_dpop_nonce` challenge; any other challenge is
 * returned as the response it came with, for the caller to read like any refusal.
 */
export async function dpopResourceRequest(
  fetchImpl: FetchLike,
  handle: oauth.DPoPHandle,
  token: string,
  request: { proofUrl: string; sendUrl: string; init?: RequestInit; headers: Headers },
): Promise<Response> {
  const { proofUrl, sendUrl, init, headers } = request;
  headers.delete('authorization');
  const options = {
    ...requestOptions(proofUrl, (_target, sent) => fetchImpl(sendUrl, { ...init, ...sent })),
    DPoP: handle,
  };
  const attempt = async (retried: boolean): Promise<Response> => {
    try {
      return await oauth.protectedResourceRequest(
        token,
        init?.method ?? 'GET',
        new URL(proofUrl),
        headers,
        (init?.body ?? null) as oauth.ProtectedResourceRequestBody,
        options,
      );
    } catch (error) {
      if (!(error instanceof oauth.WWWAuthenticateChallengeError)) throw error;
      if (!retried && oauth.isDPoPNonceError(error)) {
        await error.response.body?.cancel().catch(() => undefined);
        return attempt(true);
      }
      return error.response;
    }
  };
  return attempt(false);
}

/** `fetchImpl` for GETs that carry a DPoP-bound token (the identity probe at connect time). */
export function dpopFetch(
  fetchImpl: FetchLike,
  handle: oauth.DPoPHandle,
  token: string,
): FetchLike {
  return (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const headers = new Headers(init?.headers);
    return dpopResourceRequest(fetchImpl, handle, token, {
      proofUrl: url,
      sendUrl: url,
      init,
      headers,
    });
  };
}

/**
 * The DPoP key pairs of all connections, and one oauth4webapi handle per connection, kept for the
 * page's life so that the nonce each server last sent (cached by origin in the handle) is reused.
 */
export function createDPoPKeys(store: DPoPKeyStore) {
  const handles = new Map<string, { jkt: string; handle: oauth.DPoPHandle }>();
  const handleOf = (keyPair: CryptoKeyPair) => oauth.DPoP({}, keyPair);

  return {
    /** A new key pair and its handle, for a code exchange; saved with the connection later. */
    async create() {
      const keyPair = await generateDPoPKeyPair();
      return { keyPair, handle: handleOf(keyPair), jkt: await jwkThumbprint(keyPair.publicKey) };
    },
    /** Keeps the pair a connection's tokens were bound to. */
    async save(
      connectionId: string,
      created: { keyPair: CryptoKeyPair; handle: oauth.DPoPHandle; jkt: string },
    ) {
      await store.set(connectionId, created.keyPair);
      handles.set(connectionId, { jkt: created.jkt, handle: created.handle });
    },
    /** The handle for a DPoP-bound connection; NEEDS_RECONNECT when its key is gone. */
    async handle(connection: { id: string; providerName: string }): Promise<oauth.DPoPHandle> {
      const cached = handles.get(connection.id);
      const keyPair = await store.get(connection.id);
      if (!keyPair) {
        throw new KeyfobError(
          ErrorCode.NEEDS_RECONNECT,
          `${connection.providerName}: the key these tokens are bound to (DPoP) is no longer in this browser. Connect again.`,
        );
      }
      // The same pair (each read is a fresh clone): keep its handle and the nonces it holds. Another
      // tab may have reconnected meanwhile with a new pair: the stored pair wins.
      const jkt = await jwkThumbprint(keyPair.publicKey);
      if (cached && cached.jkt === jkt) return cached.handle;
      const handle = handleOf(keyPair);
      handles.set(connection.id, { jkt, handle });
      return handle;
    },
    async remove(connectionId: string) {
      handles.delete(connectionId);
      await store.remove(connectionId);
    },
  };
}

export type DPoPKeys = ReturnType<typeof createDPoPKeys>;
