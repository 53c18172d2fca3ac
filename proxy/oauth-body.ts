import { ProxyError } from './errors';

/**
 * Reads an OAuth form body and keeps only the named parameters. Unknown parameters are dropped
 * rather than refused (oauth4webapi and other clients may add harmless ones); a repeated known
 * parameter is refused as RFC 6749 3.2 asks.
 */
export function readOAuthParams(body: Uint8Array, known: readonly string[]): Map<string, string> {
  const form = new URLSearchParams(new TextDecoder().decode(body));
  const params = new Map<string, string>();
  for (const [name, value] of form) {
    if (!known.includes(name)) continue;
    if (params.has(name))
      throw new ProxyError(400, 'invalid_request', `The parameter "${name}" is repeated`);
    if (value !== '') params.set(name, value);
  }
  return params;
}

/**
 * RFC 6749 Appendix B form-urlencoding, strict: everything but letters and digits is
 * percent-encoded and a space is "+". Used for the client id and secret inside a Basic
 * Authorization header (RFC 6749 2.3.1), where a bare ":" in the id would split it wrongly.
 */
export function formUrlEncode(value: string): string {
  return encodeURIComponent(value).replace(/[-_.!~*'()]|%20/g, (match) =>
    match === '%20' ? '+' : `%${match.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `Basic base64(formUrlEncode(id) ":" formUrlEncode(secret))` (RFC 6749 2.3.1). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  // formUrlEncode leaves only ASCII, so btoa (Latin-1 only) is safe here.
  return `Basic ${btoa(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`)}`;
}
