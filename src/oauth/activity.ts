/**
 * The Activity of a connection: what happened to it, said without any secret. Every entry goes
 * through `redactEntry` before it is kept, so no token, code, verifier, secret or key reaches the
 * log, the page or storage, whatever a caller (or a provider's error message) put into it.
 */

export type ActivityKind =
  | 'authorization-request'
  | 'callback'
  | 'code-exchange'
  | 'refresh'
  | 'identity-check'
  | 'api-call'
  | 'revocation'
  | 'error';

export type ActivityValue = string | number | boolean;

export interface ActivityEntry {
  /** Epoch ms. */
  at: number;
  kind: ActivityKind;
  /** One line a person reads: "POST /token: HTTP 200". */
  summary: string;
  /** The facts, by name, in the order they were given. */
  details: [name: string, value: ActivityValue][];
  /** The error's stable code, for kind "error" (and failed steps). */
  code?: string;
  /** Whether the request carried a DPoP proof (RFC 9449), where a request was sent. */
  dpop?: boolean;
}

/** What a caller hands in: the secrets at hand are named so that they are cut out wherever they appear. */
export interface ActivityInput {
  kind: ActivityKind;
  summary: string;
  details?: Record<string, ActivityValue | undefined>;
  code?: string;
  dpop?: boolean;
  /** Token, code, verifier, key... values known to the caller: replaced wherever they occur. */
  secrets?: (string | undefined)[];
}

/** Names whose values are secrets (or one-time values as good as one), shown only by their length. */
const SECRET_NAMES =
  /^(code|state|nonce|code_verifier|verifier|access_token|refresh_token|id_token|token|client_secret|secret|api_?key|password|passphrase|assertion|dpop|authorization|session|cookie)$/i;

/** Text shapes that are secrets whoever wrote them: a JWT, an Authorization header, a secret parameter. */
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const AUTH_SCHEME = /\b(Bearer|DPoP|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/**
 * `name=value` (a query or form) and `"name": "value"` (JSON). Only a quoted name counts before a
 * colon: a bare `token:` is as likely a URL's path ("POST /token: HTTP 200") as a secret.
 */
const SECRET_PARAM =
  /\b(code|state|nonce|code_verifier|access_token|refresh_token|id_token|token|client_secret|api_?key|secret)(=|["']\s*:\s*["']?)([^&\s"',}]+)/gi;
/** Shorter than this a "secret" is too common a string to cut out of every text (e.g. "ok"). */
const MIN_SECRET_LENGTH = 8;

export const redacted = (value: string) => `[redacted, ${value.length} chars]`;

function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret containing another is cut out whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(redacted(secret));
  }
  return out
    .replace(JWT, (jwt) => redacted(jwt))
    .replace(AUTH_SCHEME, (_, scheme: string) => `${scheme} [redacted]`)
    .replace(
      SECRET_PARAM,
      (_, name: string, between: string, value: string) => `${name}${between}${redacted(value)}`,
    );
}

/**
 * The one redaction every entry goes through: values under secret names become "[redacted, N
 * chars]", and in every other text (summaries, URLs, error messages) each known secret, anything
 * shaped like a JWT, an Authorization header value or a secret query parameter is cut out.
 */
export function redactEntry(input: ActivityInput, at: number): ActivityEntry {
  const secrets = (input.secrets ?? []).filter(
    (s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH,
  );
  const details: ActivityEntry['details'] = [];
  for (const [name, value] of Object.entries(input.details ?? {})) {
    if (value === undefined) continue;
    if (SECRET_NAMES.test(name) && typeof value === 'string') {
      details.push([name, redacted(value)]);
    } else {
      details.push([name, typeof value === 'string' ? redactText(value, secrets) : value]);
    }
  }
  const entry: ActivityEntry = {
    at,
    kind: input.kind,
    summary: redactText(input.summary, secrets),
    details,
  };
  if (input.code !== undefined) entry.code = input.code;
  if (input.dpop !== undefined) entry.dpop = input.dpop;
  return entry;
}

/** Where redacted entries are kept (src/vault/activity-log.ts), one log per connection. */
export interface ActivitySink {
  append(connectionId: string, entries: ActivityEntry[]): Promise<void>;
  remove(connectionId: string): Promise<void>;
}

export interface ActivityRecorder {
  /** Redacts an entry without keeping it: the authorization request waits in its transaction. */
  entry(input: ActivityInput): ActivityEntry;
  /**
   * Redacts and keeps entries of an existing connection (entries made by `entry` are kept as they
   * are); never fails the step it records.
   */
  record(connectionId: string, ...inputs: (ActivityInput | ActivityEntry)[]): Promise<void>;
  /** Deletes a connection's log (on disconnect). */
  forget(connectionId: string): Promise<void>;
}

const isEntry = (value: ActivityInput | ActivityEntry): value is ActivityEntry =>
  typeof (value as ActivityEntry).at === 'number';

/** Every secret value a stored credential holds, for `ActivityInput.secrets`. */
export function credentialSecrets(
  credential:
    | { kind: 'oauth'; accessToken: string; refreshToken?: string }
    | { kind: 'api-key'; apiKey: string }
    | { kind: 'token-secret'; token: string; secret: string }
    | undefined,
): (string | undefined)[] {
  if (!credential) return [];
  if (credential.kind === 'oauth') return [credential.accessToken, credential.refreshToken];
  if (credential.kind === 'api-key') return [credential.apiKey];
  return [credential.token, credential.secret];
}

/** An error as an entry: its stable code and its message, redacted like everything else. */
export function errorInput(
  step: string,
  error: unknown,
  secrets: (string | undefined)[] = [],
): ActivityInput {
  const e = error as { code?: unknown; message?: unknown; status?: unknown; oauthError?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'ERROR';
  return {
    kind: 'error',
    summary: `${step} failed: ${code}`,
    code,
    details: {
      step,
      message: typeof e?.message === 'string' ? e.message : String(error),
      status: typeof e?.status === 'number' ? e.status : undefined,
      oauth_error: typeof e?.oauthError === 'string' ? e.oauthError : undefined,
    },
    secrets,
  };
}

/**
 * The recorder the app injects into the flow, refresh, checks, API calls and revocation. Keeping
 * an entry never fails (nor slows beyond its write) the step it records: a log that cannot be
 * written (a locked vault, a full disk) loses the entry, not the connection.
 */
export function createActivityRecorder(
  sink: ActivitySink,
  now: () => number = Date.now,
): ActivityRecorder {
  const entry = (input: ActivityInput) => redactEntry(input, now());
  return {
    entry,
    async record(connectionId, ...inputs) {
      // An entry (moved from a transaction) went through redactEntry when it was made.
      const entries = inputs.map((i) => (isEntry(i) ? i : entry(i)));
      await sink.append(connectionId, entries).catch(() => undefined);
    },
    forget: (connectionId) => sink.remove(connectionId).catch(() => undefined),
  };
}

/** The default where no one listens (unit tests of other things): keeps nothing. */
export const noActivity: ActivityRecorder = {
  entry: (input) => redactEntry(input, Date.now()),
  record: async () => undefined,
  forget: async () => undefined,
};

/** The whole log as the text Copy puts on the clipboard (already redacted, newest first). */
export function activityText(entries: readonly ActivityEntry[]): string {
  return entries
    .map((e) => {
      const facts = e.details.map(([name, value]) => `  ${name}: ${String(value)}`);
      const proof = e.dpop === undefined ? [] : [`  DPoP proof: ${e.dpop ? 'yes' : 'no'}`];
      const code = e.code ? ` [${e.code}]` : '';
      return [
        `${new Date(e.at).toISOString()} ${e.kind}${code}: ${e.summary}`,
        ...facts,
        ...proof,
      ].join('\n');
    })
    .join('\n');
}
