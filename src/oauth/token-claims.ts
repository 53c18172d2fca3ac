/**
 * What a token says, decoded: an ID token's header and validated claims, and an access token's
 * when it is a JWT. Only these decoded parts are kept (sealed with the connection); the raw token
 * text is never kept beside them nor shown.
 */
export interface DecodedToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export interface TokenDetails {
  /** The ID token of the code exchange, with what oauth4webapi checked (see ID_TOKEN_CHECKS). */
  idToken?: DecodedToken;
  /** The current access token, when it is a JWT: as sent, its signature not verified here. */
  accessToken?: DecodedToken;
}

/**
 * What `processAuthorizationCodeResponse` (oauth4webapi) checks of an ID token the flow accepts.
 * Its signature is not verified: the token came straight from the token endpoint over TLS, which
 * OpenID Connect Core 3.1.3.7 (6) allows in place of the signature check.
 */
export const ID_TOKEN_CHECKS = [
  'signature: not verified (received directly from the token endpoint over TLS, OpenID Connect Core 3.1.3.7)',
  'alg: one the server advertises in id_token_signing_alg_values_supported (RS256 if it names none)',
  'iss: equals the issuer this sign-in was sent to',
  'aud: contains this client id (and azp names it when there are several audiences)',
  'exp and iat: present, and exp not passed when it was received',
  'sub: present',
  'nonce: equals the one sent with this sign-in',
] as const;

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The header and claims of a JWS compact token (RFC 7515 7.1), undefined for anything else (an
 * opaque access token, an encrypted JWT). Decoding is not verifying: callers say which it is.
 */
export function decodeJwt(token: string | undefined): DecodedToken | undefined {
  const [headerPart, claimsPart, signature, ...rest] = token?.split('.') ?? [];
  if (headerPart === undefined || claimsPart === undefined || signature === undefined)
    return undefined;
  if (rest.length > 0) return undefined;
  const header = decodePart(headerPart);
  const claims = decodePart(claimsPart);
  if (!header || !claims || typeof header.alg !== 'string') return undefined;
  return { header, claims };
}
