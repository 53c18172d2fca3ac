import { ProxyError } from './errors';

/**
 * DPoP (RFC 9449) passes through the proxy untouched: the browser holds the key and signs each
 * proof for the URL it calls, so the proxy only forwards the `DPoP` request header (one compact
 * JWS, bounded) and hands the server's `DPoP-Nonce` back, readable by the page through CORS.
 * @see https://www.rfc-editor.org/rfc/rfc9449
 */

export const DPOP_PROOF_MAX = 8 * 1024;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** RFC 9449 8.1: a nonce is 1*NQCHAR, here bounded. */
const NONCE = /^[\x21\x23-\x5b\x5d-\x7e]{1,512}$/;

/** The request's DPoP proof, checked for shape, or `undefined` when there is none. */
export function dpopProof(request: Request): string | undefined {
  const proof = request.headers.get('dpop');
  if (proof === null) return undefined;
  // Two DPoP headers arrive joined by ", ", which no compact JWS contains (RFC 9449 4.3 allows one).
  if (proof.length > DPOP_PROOF_MAX || !COMPACT_JWS.test(proof))
    throw new ProxyError(400, 'invalid_dpop_proof', 'The DPoP header is not a single compact JWT');
  return proof;
}

/** The server's `DPoP-Nonce` answer header, passed back when it is a valid nonce. */
export function dpopNonceHeader(headers: Headers): Record<string, string> {
  const nonce = headers.get('dpop-nonce');
  return nonce !== null && NONCE.test(nonce) ? { 'dpop-nonce': nonce } : {};
}
