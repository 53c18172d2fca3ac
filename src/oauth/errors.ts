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
  /** A required setting is missing or malformed; the message names it, `problems` lists them all. */
  CONFIG: 'CONFIG',
  /** No metadata location of an issuer answered usable metadata; the message names each URL. */
  DISCOVERY_FAILED: 'DISCOVERY_FAILED',
  /** The provider needs a client secret, so it must go through the token proxy. */
  PROXY_REQUIRED: 'PROXY_REQUIRED',
  /**
   * The token proxy refused the request itself (origin not allowed, provider not enabled there,
   * relay off, ...): a deployment problem; `proxyCode` keeps the proxy's code verbatim.
   */
  PROXY_REFUSED: 'PROXY_REFUSED',
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
  /** The vault is locked (passphrase or passkey): nothing sealed can be read until it is unlocked. */
  LOCKED: 'LOCKED',
  /** A passkey ceremony was cancelled or failed, or the authenticator offers no PRF; nothing changed. */
  PASSKEY_FAILED: 'PASSKEY_FAILED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Each code's sentence when the thrower has nothing more specific to say. Throwers usually do (the
 * provider's name, the URL, the setting), so these are the floor, not the rule.
 */
export const defaultMessages: { readonly [C in ErrorCode]: string } = {
  ACCESS_DENIED: 'You declined to connect, so nothing was stored.',
  AUTHORIZATION_ERROR: 'The provider refused the authorization.',
  UNKNOWN_STATE: 'This sign-in response matches no sign-in started in this browser.',
  TRANSACTION_EXPIRED: 'This sign-in took longer than 10 minutes: start it again.',
  TRANSACTION_USED: 'This sign-in response was already used.',
  ISSUER_MISMATCH: 'The sign-in response came from another server than the one it was sent to.',
  REDIRECT_URI_MISMATCH: "The sign-in response arrived at another provider's address.",
  INVALID_RESPONSE: "The provider's response could not be accepted.",
  TOKEN_ENDPOINT_ERROR: "The provider's token endpoint refused the request.",
  CONFIG: 'A setting is missing or malformed.',
  DISCOVERY_FAILED: "The provider's metadata could not be found.",
  PROXY_REQUIRED: 'This provider needs a client secret, so it must go through the token proxy.',
  PROXY_REFUSED: 'The token proxy refused the request.',
  NEEDS_RECONNECT: 'The stored credential no longer works: connect again.',
  RATE_LIMITED: 'The provider asks to slow down: try again later.',
  PROVIDER_ERROR: "The provider's API answered with an error.",
  NOT_FOUND: 'There is no such connection.',
  KEY_REFUSED: 'The provider refused the key.',
  CORS_BLOCKED: 'The provider does not allow this page to read its answer: use the proxy.',
  OFFLINE: 'This device is offline.',
  UNREACHABLE: 'The provider could not be reached.',
  TIMEOUT: 'The provider did not answer in time.',
  PROVIDER_CHANGED: 'This provider now points at another server or client: connect again.',
  REFRESH_ANSWER_LOST: 'An earlier token refresh never got its answer: connect again once.',
  STORAGE: "This browser's storage failed: reset local data.",
  LOCKED: 'The vault is locked: unlock it first.',
  PASSKEY_FAILED: 'The passkey could not be used: nothing changed.',
};

/** One metadata location discovery tried, and what went wrong there. */
export interface DiscoveryAttempt {
  url: string;
  outcome: string;
}

export interface KeyfobErrorDetails {
  oauthError?: string;
  oauthErrorDescription?: string;
  /** The proxy's own refusal code (`origin_not_allowed`, ...), verbatim, when the proxy refused. */
  proxyCode?: string;
  status?: number;
  body?: unknown;
  retryAfterSeconds?: number;
  /** Which call failed, in words ("token refresh", "revocation", ...). */
  step?: string;
  /** The URL that was called. */
  endpoint?: string;
  /** The provider the failed operation was for, when known (so "Try again" can go back there). */
  providerId?: string;
  /** That provider's display name, when known. */
  providerName?: string;
  /** CONFIG: every problem found, each naming its setting. */
  problems?: readonly string[];
  /** DISCOVERY_FAILED: each metadata location tried. */
  attempts?: readonly DiscoveryAttempt[];
  /** The connection an error is about (a replayed callback: the one it already made). */
  connectionId?: string;
  cause?: unknown;
}

/**
 * Every error Keyfob throws. Frozen once built: an error is a fact about what happened, so no
 * layer may patch it on the way up (one that knows more builds a new one, see `withProvider`).
 */
export class KeyfobError extends Error {
  override readonly name = 'KeyfobError';
  readonly code: ErrorCode;
  readonly oauthError?: string;
  readonly oauthErrorDescription?: string;
  readonly proxyCode?: string;
  readonly status?: number;
  readonly body?: unknown;
  readonly step?: string;
  readonly endpoint?: string;
  readonly retryAfterSeconds?: number;
  readonly providerId?: string;
  readonly providerName?: string;
  readonly problems?: readonly string[];
  readonly attempts?: readonly DiscoveryAttempt[];
  readonly connectionId?: string;

  constructor(
    code: ErrorCode,
    message: string = defaultMessages[code],
    details: KeyfobErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.oauthError = details.oauthError;
    this.oauthErrorDescription = details.oauthErrorDescription;
    this.proxyCode = details.proxyCode;
    this.status = details.status;
    this.body = details.body;
    this.step = details.step;
    this.endpoint = details.endpoint;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.providerId = details.providerId;
    this.providerName = details.providerName;
    this.connectionId = details.connectionId;
    this.problems = details.problems && Object.freeze([...details.problems]);
    this.attempts = details.attempts && Object.freeze(details.attempts.map((a) => ({ ...a })));
    Object.freeze(this);
  }

  /** The details this error was built with, to build a related one. */
  get details(): KeyfobErrorDetails {
    const { cause } = this;
    return {
      oauthError: this.oauthError,
      oauthErrorDescription: this.oauthErrorDescription,
      proxyCode: this.proxyCode,
      status: this.status,
      body: this.body,
      step: this.step,
      endpoint: this.endpoint,
      retryAfterSeconds: this.retryAfterSeconds,
      providerId: this.providerId,
      providerName: this.providerName,
      connectionId: this.connectionId,
      problems: this.problems,
      attempts: this.attempts,
      ...(cause === undefined ? {} : { cause }),
    };
  }
}

export function isKeyfobError(error: unknown, code?: ErrorCode): error is KeyfobError {
  return error instanceof KeyfobError && (code === undefined || error.code === code);
}

/** The same error, now naming the provider it concerns (unless it already names one). */
export function withProvider(
  error: KeyfobError,
  provider: { id: string; name?: string } | undefined,
): KeyfobError {
  if (!provider || error.providerId !== undefined) return error;
  return new KeyfobError(error.code, error.message, {
    ...error.details,
    providerId: provider.id,
    providerName: provider.name,
  });
}

/** Every problem found in config.json (or a custom provider) at once, so one edit fixes them all. */
export function configError(problems: readonly string[]): KeyfobError {
  return new KeyfobError(
    ErrorCode.CONFIG,
    `config.json has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`,
    { problems },
  );
}
