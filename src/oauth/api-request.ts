import type { ResolvedProvider } from '../config/resolve';
import { credentialHeaders } from './credentials';
import type { Connection } from './types';
import { callUrl } from './userinfo-target';

/** `organization-id` -> `organizationId`: how a relayed header finds its value in identity details. */
const detailKey = (header: string) =>
  header.toLowerCase().replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The headers authorizedFetch sends with an API call: the caller's, the credential (RFC 6750
 * Bearer, or Basic for a token + secret; none here for a DPoP-bound token, whose `DPoP <token>`
 * and proof oauth4webapi adds), the provider's extra headers from the identity's details (e.g.
 * VideoAsk's `organization-id`) and `accept: application/json` unless the caller chose another.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function apiRequestHeaders(
  provider: ResolvedProvider,
  connection: Connection,
  init?: RequestInit,
): Headers {
  const headers = new Headers(init?.headers);
  if (!connection.dpop && connection.credential) {
    for (const [name, value] of Object.entries(credentialHeaders(connection.credential))) {
      headers.set(name, value);
    }
  }
  const details = connection.identity?.details ?? {};
  for (const name of provider.relayHeaders) {
    const value = details[detailKey(name)];
    if (!headers.has(name) && (typeof value === 'string' || typeof value === 'number')) {
      headers.set(name, String(value));
    }
  }
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  return headers;
}

/** Stands for the credential wherever a request is shown: the token itself never is. */
export const REDACTED = '[redacted]';
/** Stands for the DPoP proof, which is made (signed, with a fresh `jti`) only when it is sent. */
export const DPOP_PROOF = '[proof, signed when sent]';

/** A request as it would go on the wire, with the credential replaced by REDACTED. */
export interface DescribedRequest {
  method: string;
  url: string;
  /** In the order they are sent; names lower-case, as Headers gives them. */
  headers: [name: string, value: string][];
  body?: string;
  /** Where the credential sits: how a curl command puts its placeholder there. */
  credential: 'bearer' | 'basic' | 'dpop' | 'none';
}

/**
 * What authorizedFetch would send for `input` and `init` on this connection, built by the same
 * functions (apiUrl, apiRequestHeaders), so a preview cannot drift from the call. The credential
 * is redacted; a DPoP-bound token shows as `DPoP [redacted]` with its proof, as RFC 9449 7.1
 * sends them. Throws the CONFIG error of callUrl for a target outside the provider's API (or, for
 * a provider without an API base, other than its `userInfoEndpoint`).
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 */
export function describeApiRequest(
  provider: ResolvedProvider,
  connection: Connection,
  input: string,
  init?: RequestInit,
  userInfoEndpoint?: string,
): DescribedRequest {
  const url = callUrl(provider, input, userInfoEndpoint);
  const headers = apiRequestHeaders(provider, connection, init);
  let credential: DescribedRequest['credential'] = 'none';
  if (connection.dpop && connection.credential?.kind === 'oauth') {
    credential = 'dpop';
    headers.set('authorization', `DPoP ${REDACTED}`);
    headers.set('dpop', DPOP_PROOF);
  } else if (headers.has('authorization')) {
    const [scheme = ''] = (headers.get('authorization') ?? '').split(' ');
    credential = scheme.toLowerCase() === 'basic' ? 'basic' : 'bearer';
    headers.set('authorization', `${scheme} ${REDACTED}`);
  }
  const body = typeof init?.body === 'string' ? init.body : undefined;
  return { method: init?.method ?? 'GET', url, headers: [...headers.entries()], body, credential };
}
