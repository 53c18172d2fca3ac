import { basicAuthorization, formUrlEncode } from './oauth-body';

/**
 * A provider's error answer is never forwarded as it came: it could echo the request (and with it
 * the client secret, form-encoded, JSON-escaped or inside the Basic header) in any field or
 * encoding. Only RFC 6749 5.2's three fields are kept, each within its character set and a length
 * bound, and a field that still carries the client's credentials in any encoding is dropped.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */

export const ERROR_CODE_MAX = 64;
export const ERROR_DESCRIPTION_MAX = 256;
export const ERROR_URI_MAX = 512;

/** RFC 6749 5.2: `error` and `error_description` are %x20-21 / %x23-5B / %x5D-7E. */
const ERROR_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** `error_uri` is a URI: %x21 / %x23-5B / %x5D-7E. */
const ERROR_URI = /^[\x21\x23-\x5b\x5d-\x7e]*$/;

export interface OAuthErrorBody {
  error: string;
  error_description?: string;
  error_uri?: string;
}

const formsCache = new Map<string, readonly string[]>();

/**
 * Every form the client's credentials could take in an echo: raw, escaped, encoded, Basic.
 * Worked out once per client (they never change while the proxy runs), not on every request.
 */
export function credentialForms(
  clientId: string,
  clientSecret: string | undefined,
): readonly string[] {
  if (clientSecret === undefined || clientSecret.length < 8) return [];
  const key = `${clientId}\n${clientSecret}`;
  const cached = formsCache.get(key);
  if (cached !== undefined) return cached;
  const forms = computeForms(clientId, clientSecret);
  formsCache.set(key, forms);
  return forms;
}

function computeForms(clientId: string, clientSecret: string): readonly string[] {
  const basic = basicAuthorization(clientId, clientSecret).slice('Basic '.length);
  const forms = [
    clientSecret,
    JSON.stringify(clientSecret).slice(1, -1),
    encodeURIComponent(clientSecret),
    formUrlEncode(clientSecret),
    new URLSearchParams({ s: clientSecret }).toString().slice(2),
    basic,
  ];
  try {
    forms.push(btoa(`${clientId}:${clientSecret}`));
  } catch {
    // Not Latin-1: no provider would have base64-encoded it this way.
  }
  return [...new Set(forms)];
}

export function containsCredential(text: string, forms: readonly string[]): boolean {
  if (forms.length === 0) return false;
  const lower = text.toLowerCase();
  // Percent-encodings may come back in either case.
  return forms.some((form) => text.includes(form) || lower.includes(form.toLowerCase()));
}

function field(value: unknown, pattern: RegExp, max: number): string | undefined {
  if (typeof value !== 'string' || value === '' || value.length > max) return undefined;
  return pattern.test(value) ? value : undefined;
}

/**
 * Rebuilds a provider's error answer from its parsed JSON: `{error, error_description?,
 * error_uri?}`, each bounded and clean, or a generic `server_error` when the provider sent no
 * usable `error` code.
 */
export function rebuildOAuthError(
  parsed: unknown,
  status: number,
  forms: readonly string[],
): OAuthErrorBody {
  const source: Record<string, unknown> =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  const clean = (value: string | undefined): string | undefined =>
    value !== undefined && containsCredential(value, forms) ? undefined : value;
  const error = clean(field(source.error, ERROR_TEXT, ERROR_CODE_MAX));
  const description = clean(field(source.error_description, ERROR_TEXT, ERROR_DESCRIPTION_MAX));
  const uriText = clean(field(source.error_uri, ERROR_URI, ERROR_URI_MAX));
  const uri = uriText !== undefined && /^https:\/\//i.test(uriText) ? uriText : undefined;
  if (error === undefined)
    return {
      error: 'server_error',
      error_description: `The provider answered ${status} without a usable OAuth error code`,
    };
  return {
    error,
    ...(description === undefined ? {} : { error_description: description }),
    ...(uri === undefined ? {} : { error_uri: uri }),
  };
}
