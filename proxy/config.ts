import { builtInProviders } from '../src/providers/catalog';
import type { ClientAuthentication, TokenRequestEncoding } from '../src/providers/types';

/** One provider the proxy serves: everything it needs, resolved from the catalog and the environment. */
export interface ProxyProviderConfig {
  id: string;
  clientId: string;
  /** Absent for a public client (`KEYFOB_<ID>_PUBLIC=1`): its requests go upstream with no secret. */
  clientSecret?: string;
  tokenUrl: string;
  revokeUrl?: string;
  apiBaseUrl?: string;
  /** The `/api/:id/*` relay is off unless `KEYFOB_<ID>_API_RELAY=1`. */
  apiRelay: boolean;
  tokenRequestEncoding: TokenRequestEncoding;
  /** `none` for a public client: `client_id` in the body, nothing else. */
  clientAuthentication: ClientAuthentication | 'none';
  /** Lower-cased request headers, beyond Authorization/Content-Type/Accept, the relay passes. */
  relayHeaders: readonly string[];
}

export interface RateLimitConfig {
  /** Requests a client may make at once. */
  burst: number;
  /** Requests a client regains per second. */
  refillPerSecond: number;
}

export interface ProxyConfig {
  /** Bare origins (`https://app.example`) whose pages may call the proxy. */
  allowedOrigins: readonly string[];
  providers: Readonly<Record<string, ProxyProviderConfig>>;
  /** `null` turns the per-client rate limit off. */
  rateLimit: RateLimitConfig | null;
  timeoutMs: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_RATE_LIMIT = {
  burst: 60,
  refillPerSecond: 1,
} as const satisfies RateLimitConfig;
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Thrown by `loadConfig` with every problem found, so one run shows all that needs fixing. */
export class ProxyConfigError extends Error {
  override readonly name = 'ProxyConfigError';
  readonly code = 'PROXY_CONFIG_INVALID';

  constructor(readonly problems: readonly string[]) {
    super(`The proxy configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** `sandbox-confidential` -> `SANDBOX_CONFIDENTIAL`, the infix of its `KEYFOB_<ID>_*` variables. */
export function envKeyFor(providerId: string): string {
  return providerId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

const PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Reads the proxy's configuration from environment variables (process.env on Node, the `env`
 * bindings on Workers) and refuses, with one list of every problem, anything missing or malformed.
 */
export function loadConfig(env: Env): ProxyConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const allowedOrigins = list(read('KEYFOB_PROXY_ORIGINS'));
  if (allowedOrigins.length === 0)
    problems.push(
      'KEYFOB_PROXY_ORIGINS is required: the comma-separated origins of the app, e.g. https://keyfob.example',
    );
  for (const origin of allowedOrigins) {
    const problem = originProblem(origin);
    if (problem) problems.push(`KEYFOB_PROXY_ORIGINS: an entry ${problem}`);
  }

  const ids = list(read('KEYFOB_PROXY_PROVIDERS'));
  if (ids.length === 0)
    problems.push(
      'KEYFOB_PROXY_PROVIDERS is required: the comma-separated ids of the providers the proxy serves',
    );
  const providers: Record<string, ProxyProviderConfig> = {};
  const seenKeys = new Map<string, string>();
  for (const id of ids) {
    if (!PROVIDER_ID.test(id)) {
      problems.push(
        'KEYFOB_PROXY_PROVIDERS: an entry is not a valid provider id (letters, digits, ".", "_", "-")',
      );
      continue;
    }
    const key = envKeyFor(id);
    const clash = seenKeys.get(key);
    if (clash !== undefined) {
      problems.push(
        `KEYFOB_PROXY_PROVIDERS: "${clash}" and "${id}" both read KEYFOB_${key}_*; rename one`,
      );
      continue;
    }
    seenKeys.set(key, id);
    const provider = loadProvider(id, key, read, problems);
    if (provider) providers[id] = provider;
  }

  const rateLimit = parseRateLimit(read('KEYFOB_PROXY_RATE_LIMIT'), problems);
  const timeoutMs = parseTimeout(read('KEYFOB_PROXY_TIMEOUT_MS'), problems);

  if (problems.length > 0) throw new ProxyConfigError(problems);
  return { allowedOrigins, providers, rateLimit, timeoutMs };
}

function loadProvider(
  id: string,
  key: string,
  read: (name: string) => string | undefined,
  problems: string[],
): ProxyProviderConfig | undefined {
  const catalog = Object.hasOwn(builtInProviders, id) ? builtInProviders[id] : undefined;
  const name = (suffix: string) => `KEYFOB_${key}_${suffix}`;
  const before = problems.length;

  const clientId = read(name('CLIENT_ID'));
  if (clientId === undefined)
    problems.push(`${name('CLIENT_ID')} is required for provider "${id}"`);
  const isPublic = flag(read(name('PUBLIC')), name('PUBLIC'), problems);
  const clientSecret = read(name('CLIENT_SECRET'));
  if (isPublic && clientSecret !== undefined)
    problems.push(`${name('CLIENT_SECRET')} must not be set with ${name('PUBLIC')}=1`);
  if (!isPublic && clientSecret === undefined)
    problems.push(
      `${name('CLIENT_SECRET')} is required for provider "${id}" (or ${name('PUBLIC')}=1 for a public client)`,
    );

  const url = (
    suffix: string,
    fallback: string | undefined,
    what: 'token' | 'api',
  ): string | undefined => {
    const value = read(name(suffix)) ?? fallback;
    if (value === undefined) return undefined;
    const problem = upstreamUrlProblem(value, what === 'api');
    if (problem) problems.push(`${name(suffix)} ${problem}`);
    return value;
  };
  const tokenUrl = url('TOKEN_URL', catalog?.tokenEndpoint, 'token');
  if (tokenUrl === undefined) {
    problems.push(
      catalog
        ? `${name('TOKEN_URL')} is required: the catalog has no token endpoint for "${id}"`
        : `${name('TOKEN_URL')} is required: "${id}" is not a built-in provider`,
    );
  }
  const revokeUrl = url('REVOKE_URL', catalog?.revocationEndpoint, 'token');
  const apiBaseUrl = url('API_URL', catalog?.apiBaseUrl, 'api');

  const apiRelay = flag(read(name('API_RELAY')), name('API_RELAY'), problems);
  if (apiRelay && apiBaseUrl === undefined)
    problems.push(`${name('API_RELAY')} is on but "${id}" has no API base: set ${name('API_URL')}`);

  const tokenRequestEncoding = oneOf(
    read(name('TOKEN_ENCODING')),
    ['form', 'json'] as const,
    catalog?.tokenRequestEncoding ?? 'form',
    name('TOKEN_ENCODING'),
    problems,
  );
  const secretAuthentication = oneOf(
    read(name('CLIENT_AUTH')),
    ['client_secret_post', 'client_secret_basic'] as const,
    catalog?.clientAuthentication ?? 'client_secret_post',
    name('CLIENT_AUTH'),
    problems,
  );

  const relayHeaders = [...(catalog?.relayHeaders ?? []), ...list(read(name('RELAY_HEADERS')))].map(
    (h) => h.toLowerCase(),
  );
  for (const header of relayHeaders) {
    if (!HEADER_NAME.test(header))
      problems.push(`${name('RELAY_HEADERS')}: an entry is not a header name`);
  }

  if (
    problems.length > before ||
    clientId === undefined ||
    (!isPublic && clientSecret === undefined) ||
    tokenUrl === undefined
  )
    return undefined;
  return {
    id,
    clientId,
    ...(isPublic || clientSecret === undefined ? {} : { clientSecret }),
    tokenUrl,
    ...(revokeUrl === undefined ? {} : { revokeUrl }),
    ...(apiBaseUrl === undefined ? {} : { apiBaseUrl: apiBaseUrl.replace(/\/+$/, '') }),
    apiRelay,
    tokenRequestEncoding,
    clientAuthentication: isPublic ? 'none' : secretAuthentication,
    relayHeaders: [...new Set(relayHeaders)],
  };
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

function originProblem(origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'is not a URL';
  }
  if (url.origin !== origin)
    return 'is not a bare origin (scheme://host[:port], no path or trailing slash)';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))
    return 'must use https (http only for 127.0.0.1/localhost)';
  return undefined;
}

/** Upstream URLs: https (http only on loopback, for local twins), no credentials, no fragment. */
function upstreamUrlProblem(value: string, isApiBase: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))
    return 'must use https (http only for 127.0.0.1/localhost)';
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (url.hash !== '') return 'must not contain a fragment';
  if (isApiBase && url.search !== '') return 'must not contain a query string';
  return undefined;
}

function flag(value: string | undefined, name: string, problems: string[]): boolean {
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  problems.push(`${name} must be 1 or 0`);
  return false;
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
  name: string,
  problems: string[],
): T {
  if (value === undefined) return fallback;
  const found = allowed.find((item) => item === value);
  if (found === undefined) problems.push(`${name} must be one of ${allowed.join(', ')}`);
  return found ?? fallback;
}

/** `<burst>,<refill per second>` (e.g. `60,1`), or `off`. */
function parseRateLimit(value: string | undefined, problems: string[]): RateLimitConfig | null {
  if (value === undefined) return { ...DEFAULT_RATE_LIMIT };
  if (value === 'off') return null;
  const match = /^(\d+)\s*,\s*(\d+(?:\.\d+)?)$/.exec(value);
  const burst = Number(match?.[1]);
  const refillPerSecond = Number(match?.[2]);
  if (!match || burst < 1 || refillPerSecond <= 0) {
    problems.push(
      `KEYFOB_PROXY_RATE_LIMIT must be "<burst>,<refill per second>" (e.g. "60,1") or "off"`,
    );
    return null;
  }
  return { burst, refillPerSecond };
}

function parseTimeout(value: string | undefined, problems: string[]): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(ms >= 1 && ms <= 120_000)) {
    problems.push(
      `KEYFOB_PROXY_TIMEOUT_MS must be a whole number of milliseconds from 1 to 120000`,
    );
    return DEFAULT_TIMEOUT_MS;
  }
  return ms;
}
