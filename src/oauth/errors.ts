/**
 * Keyfob's typed errors. The UI switches on `code`, never on message text; OAuth's own `error` and
 * `error_description` are kept exactly as the provider sent them.
 */
export const ErrorCode = {
  /** The person declined at the provider (`error=access_denied`). */
  ACCESS_DENIED: 'ACCESS_DENIED',
  /** Any other `error=` on the callback; `oauthError` holds it verbatim. */
  AUTHORIZATION_ERROR: 'AUTHORIZATION_ERROR',
  /** The callback's `state` matches no transaction this browser started. */
  UNKNOWN_STATE: 'UNKNOWN_STATE',
  /** The transaction is older than the allowed 10 minutes. */
  TRANSACTION_EXPIRED: 'TRANSACTION_EXPIRED',
  /** The callback was already used (a replay, a reload, the back button). */
  TRANSACTION_USED: 'TRANSACTION_USED',
  /** RFC 9207: the response came from another issuer than the one the transaction went to. */
  ISSUER_MISMATCH: 'ISSUER_MISMATCH',
  /**
   * The response arrived on another provider's redirect URI than the one its transaction was sent
   * with (a mix-up, RFC 9700 4.4.2): refused before any exchange.
   */
  REDIRECT_URI_MISMATCH: 'REDIRECT_URI_MISMATCH',
  /** The callback or a token response failed validation (missing code, bad ID token, ...). */
  INVALID_RESPONSE: 'INVALID_RESPONSE',
  /** The token endpoint answered with an OAuth error body. */
  TOKEN_ENDPOINT_ERROR: 'TOKEN_ENDPOINT_ERROR',
  /** A required setting is missing or malformed; the message names it. */
  CONFIG: 'CONFIG',
  /** No metadata location of an issuer answered usable metadata; the message names each URL. */
  DISCOVERY_FAILED: 'DISCOVERY_FAILED',
  /** The provider needs a client secret, so it must go through the token proxy. */
  PROXY_REQUIRED: 'PROXY_REQUIRED',
  /** The stored credential cannot be used any more; the person has to connect again. */
  NEEDS_RECONNECT: 'NEEDS_RECONNECT',
  /** The provider asked us to slow down; `retryAfterSeconds` says for how long when known. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** The provider's API answered with an error; `status` and `body` keep its own format. */
  PROVIDER_ERROR: 'PROVIDER_ERROR',
  /** No connection with that id. */
  NOT_FOUND: 'NOT_FOUND',
  /** The provider refused an API key (or token + secret) when it was checked before saving. */
  KEY_REFUSED: 'KEY_REFUSED',
  // Failed calls (one vocabulary for the flow, refresh, identity checks and authorizedFetch) and
  // the token lifecycle. `step` says which call, `endpoint` which URL.
  /** The host answered, but the browser may not let the page read it (no CORS headers): use the proxy. */
  CORS_BLOCKED: 'CORS_BLOCKED',
  /** This device has no network (navigator.onLine is false). */
  OFFLINE: 'OFFLINE',
  /** The host could not be reached at all: down, unknown name (DNS), connection refused. */
  UNREACHABLE: 'UNREACHABLE',
  /** No answer within the time allowed (or no lock within its bound); `step` says which. */
  TIMEOUT: 'TIMEOUT',
  /** The provider id now points at another server or client than the credential was issued for. */
  PROVIDER_CHANGED: 'PROVIDER_CHANGED',
  /** invalid_grant after a refresh whose answer never arrived: the token was rotated, not revoked. */
  REFRESH_ANSWER_LOST: 'REFRESH_ANSWER_LOST',
  /** This browser's storage failed (a damaged vault key, IndexedDB refusing); "Reset local data". */
  STORAGE: 'STORAGE',
  /** The vault is locked with a passphrase: nothing sealed can be read until it is unlocked. */
  LOCKED: 'LOCKED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface KeyfobErrorDetails {
  oauthError?: string;
  oauthErrorDescription?: string;
  status?: number;
  body?: unknown;
  retryAfterSeconds?: number;
  /** Which call failed, in words ("token refresh", "revocation", ...). */
  step?: string;
  /** The URL that was called. */
  endpoint?: string;
  /** The provider the failed operation was for, when known (so "Try again" can go back there). */
  providerId?: string;
  /** The connection an error is about (a replayed callback: the one it already made). */
  connectionId?: string;
  cause?: unknown;
}

export class KeyfobError extends Error {
  override readonly name = 'KeyfobError';
  readonly code: ErrorCode;
  readonly oauthError?: string;
  readonly oauthErrorDescription?: string;
  readonly status?: number;
  readonly body?: unknown;
  readonly step?: string;
  readonly endpoint?: string;
  readonly retryAfterSeconds?: number;
  providerId?: string;
  readonly connectionId?: string;

  constructor(code: ErrorCode, message: string, details: KeyfobErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.oauthError = details.oauthError;
    this.oauthErrorDescription = details.oauthErrorDescription;
    this.status = details.status;
    this.body = details.body;
    this.step = details.step;
    this.endpoint = details.endpoint;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.providerId = details.providerId;
    this.connectionId = details.connectionId;
  }
}

export function isKeyfobError(error: unknown, code?: ErrorCode): error is KeyfobError {
  return error instanceof KeyfobError && (code === undefined || error.code === code);
}
