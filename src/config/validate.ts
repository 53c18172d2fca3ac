import { configError } from '../oauth/errors';
import { endpointUrlProblem } from './endpoint-url';
import type { AppConfig, ProviderConfig } from './types';

const urlKeys = [
  'issuer',
  'authorizationEndpoint',
  'tokenEndpoint',
  'revocationEndpoint',
  'apiBaseUrl',
] as const;
const booleanKeys = [
  'useProxy',
  'useApiRelay',
  'sandbox',
  'omitCodeChallengeMethod',
  'dpop',
] as const;
const stringKeys = ['name', 'clientId'] as const;
const authMethods = ['oauth', 'api-key', 'api-token-secret'];
const knownKeys = new Set<string>([
  ...urlKeys,
  ...booleanKeys,
  ...stringKeys,
  'scopes',
  'extraAuthorizationParams',
  'authMethod',
  'identityPath',
  'readyRequests',
]);
const consoleMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A ready request from config.json: a label, a method, one path under apiBaseUrl, a JSON body. */
function readyRequestProblem(request: unknown): string | undefined {
  if (!isRecord(request)) return 'must be an object {label, method, path, body?}';
  const { label, method, path, body } = request;
  if (typeof label !== 'string' || label === '') return 'needs a label';
  if (typeof method !== 'string' || !consoleMethods.includes(method))
    return `method must be one of ${consoleMethods.join(', ')}`;
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//'))
    return 'path must be a path under apiBaseUrl, starting with one "/"';
  if (body !== undefined) {
    try {
      JSON.parse(body as string);
    } catch {
      return 'body must be a string of JSON';
    }
  }
  return undefined;
}
/** Parameters Keyfob itself sets; letting config override them would undo PKCE, state or the redirect. */
const reservedParams = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'state',
  'nonce',
  'scope',
  'code_challenge',
  'code_challenge_method',
]);
const providerIdPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Edit distance (insert, delete, substitute one character), case-insensitive. */
export function levenshtein(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  // One row of the table at a time: `diagonal`, `up` and `left` are its three neighbours.
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  let distance = y.length;
  for (let i = 0; i < x.length; i++) {
    let diagonal = i;
    let left = i + 1;
    const row = [left];
    for (const [j, up] of previous.slice(1).entries()) {
      left = Math.min(up + 1, left + 1, diagonal + (x[i] === y[j] ? 0 : 1));
      diagonal = up;
      row.push(left);
    }
    previous = row;
    distance = left;
  }
  return distance;
}

/** The allowed key nearest to a mistyped one, when it is near enough to be the one meant. */
export function nearestKey(key: string, allowed: Iterable<string>): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = levenshtein(key, candidate);
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.key : undefined;
}

function unknownKey(where: string, key: string, allowed: Iterable<string>): string {
  const near = nearestKey(key, allowed);
  return `${where} is not a known setting${near ? ` (did you mean ${near}?)` : ''}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkUrl(value: unknown, where: string, problems: string[]): void {
  const problem = endpointUrlProblem(value);
  if (problem === 'is not a valid URL')
    problems.push(`${where} is not a valid URL: "${String(value)}"`);
  else if (problem) problems.push(`${where} ${problem}`);
}

function checkProvider(id: string, entry: unknown, problems: string[]): void {
  const at = `providers.${id}`;
  if (!providerIdPattern.test(id)) {
    problems.push(`${at}: a provider id uses a-z, 0-9 and "-" only (at most 40 characters)`);
  }
  if (!isRecord(entry)) {
    problems.push(`${at} must be an object`);
    return;
  }
  for (const key of Object.keys(entry)) {
    if (!knownKeys.has(key)) problems.push(unknownKey(`${at}.${key}`, key, knownKeys));
  }
  for (const key of stringKeys) {
    const value = entry[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      problems.push(`${at}.${key} must be a non-empty string`);
    }
  }
  for (const key of urlKeys)
    if (entry[key] !== undefined) checkUrl(entry[key], `${at}.${key}`, problems);
  for (const key of booleanKeys) {
    if (entry[key] !== undefined && typeof entry[key] !== 'boolean') {
      problems.push(`${at}.${key} must be true or false`);
    }
  }
  const scopes = entry.scopes;
  if (
    scopes !== undefined &&
    (!Array.isArray(scopes) ||
      !scopes.every((s) => typeof s === 'string' && s.length > 0 && !/\s/.test(s)))
  ) {
    problems.push(`${at}.scopes must be a list of scope names without spaces`);
  }
  const extra = entry.extraAuthorizationParams;
  if (extra !== undefined) {
    if (!isRecord(extra) || !Object.values(extra).every((v) => typeof v === 'string')) {
      problems.push(`${at}.extraAuthorizationParams must map parameter names to strings`);
    } else {
      for (const name of Object.keys(extra).filter((n) => reservedParams.has(n))) {
        problems.push(
          `${at}.extraAuthorizationParams.${name} is set by Keyfob and cannot be overridden`,
        );
      }
    }
  }
  const identityPath = entry.identityPath;
  if (
    identityPath !== undefined &&
    (typeof identityPath !== 'string' ||
      !identityPath.startsWith('/') ||
      identityPath.startsWith('//'))
  ) {
    problems.push(`${at}.identityPath must be a path under apiBaseUrl, starting with one "/"`);
  }
  const ready = entry.readyRequests;
  if (ready !== undefined) {
    if (!Array.isArray(ready)) problems.push(`${at}.readyRequests must be a list`);
    else
      ready.forEach((request, i) => {
        const why = readyRequestProblem(request);
        if (why) problems.push(`${at}.readyRequests[${i}] ${why}`);
      });
  }
  if (entry.authMethod !== undefined && !authMethods.includes(entry.authMethod as string)) {
    problems.push(`${at}.authMethod must be one of ${authMethods.join(', ')}`);
  }
}

/**
 * Checks config.json's shape and returns it typed, or throws a CONFIG KeyfobError listing every problem.
 * Provider-level rules that need the catalog (custom providers' endpoints) are in resolve.ts.
 */
export function validateConfig(raw: unknown): AppConfig {
  const problems: string[] = [];
  if (!isRecord(raw)) throw configError(['config.json must be a JSON object']);
  for (const key of Object.keys(raw)) {
    if (key !== 'proxyUrl' && key !== 'providers' && !key.startsWith('$')) {
      const near = nearestKey(key, ['proxyUrl', 'providers']);
      problems.push(
        `${key} is not a known setting (${near ? `did you mean ${near}?` : 'expected proxyUrl and providers'})`,
      );
    }
  }
  if (raw.proxyUrl !== undefined) checkUrl(raw.proxyUrl, 'proxyUrl', problems);
  if (raw.providers === undefined)
    problems.push('providers is missing (an object of provider entries)');
  else if (!isRecord(raw.providers)) problems.push('providers must be an object');
  else for (const [id, entry] of Object.entries(raw.providers)) checkProvider(id, entry, problems);
  if (problems.length > 0) throw configError(problems);
  return raw as unknown as AppConfig;
}

export type { AppConfig, ProviderConfig };
export { isLoopbackUrl } from './endpoint-url';
