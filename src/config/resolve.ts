import { builtInProviders } from '../providers/catalog';
import type {
  AuthMethod,
  IdentityProbe,
  ProviderDefinition,
  ReadyRequest,
  ScopeInfo,
} from '../providers/types';
import type { AppConfig, ProviderConfig } from './types';
import { configError } from '../oauth/errors';

/** A provider as this deployment offers it: catalog data merged with config.json. */
export interface ResolvedProvider {
  id: string;
  name: string;
  builtIn: boolean;
  docs: readonly string[];
  authMethod: AuthMethod;
  /** Every method this deployment offers, `authMethod` first (CloudConvert: OAuth and API keys). */
  authMethods: AuthMethod[];
  clientId?: string;
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  apiBaseUrl?: string;
  scopes: ScopeInfo[];
  /** The scopes asked for unless the person picks others. */
  defaultScopes: string[];
  extraAuthorizationParams: Record<string, string>;
  useProxy: boolean;
  useApiRelay: boolean;
  needsClientSecret: boolean;
  /**
   * Whether the server revokes tokens (RFC 7009). With the proxy this alone turns on its /revoke
   * route, since the proxy, not the app, may be the one that knows the endpoint.
   */
  supportsRevocation: boolean;
  omitCodeChallengeMethod: boolean;
  /** config.json's `dpop`: undefined leaves it to the server's metadata. */
  dpop?: boolean;
  identity?: IdentityProbe;
  /** What the connection page shows from the identity and the grant (none for a custom provider). */
  facts?: ProviderDefinition['facts'];
  tokenAdapter?: ProviderDefinition['tokenAdapter'];
  relayHeaders: readonly string[];
  /** Whether an `openid` token response must carry an ID token. */
  requireIdToken: boolean;
  /** Known limits, in sentences for the person (daily quotas, no refresh, ...). */
  limits: readonly string[];
  /** What the API console offers ready to send: config.json's, else the catalog's. */
  readyRequests: readonly ReadyRequest[];
  /** True when it can be connected; otherwise `missing` names the settings to add. */
  configured: boolean;
  missing: string[];
  proxyUrl?: string;
}

function customDefinition(id: string, entry: ProviderConfig): ProviderDefinition {
  return {
    id,
    name: entry.name ?? id,
    docs: [],
    authMethods: ['oauth'],
    scopes: (entry.scopes ?? ['openid']).map((name) => ({
      name,
      description: name,
      default: true,
    })),
    needsClientSecret: false,
    tokenRequestEncoding: 'form',
    clientAuthentication: 'client_secret_post',
    supportsRevocation: entry.revocationEndpoint !== undefined || entry.issuer !== undefined,
  };
}

/** A display name from a typical "me" answer, for an identity path set in config.json. */
function genericDisplayName(body: unknown): string | undefined {
  const b = body as Record<string, unknown> | null;
  const data = (b?.data as Record<string, unknown> | undefined) ?? b;
  for (const key of ['name', 'username', 'preferred_username', 'email', 'login']) {
    if (typeof data?.[key] === 'string') return data[key] as string;
  }
  return undefined;
}

function identityProbe(def: ProviderDefinition, entry: ProviderConfig): IdentityProbe | undefined {
  if (entry.identityPath === undefined) return def.identity;
  return def.identity
    ? { ...def.identity, path: entry.identityPath }
    : { path: entry.identityPath, displayName: genericDisplayName };
}

/**
 * Own entries only: a provider id such as "constructor" or "toString" must never find
 * Object.prototype's members (a TypeError instead of a config error).
 */
function own<T>(record: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

function resolveOne(
  id: string,
  entry: ProviderConfig,
  config: AppConfig,
  problems: string[],
): ResolvedProvider {
  const builtIn = own(builtInProviders, id);
  const base = builtIn ?? customDefinition(id, entry);
  // A variant's hosts replace the catalog's (CloudConvert's sandbox); config.json's win over both.
  const def: ProviderDefinition = { ...base, ...(entry.sandbox ? base.variants?.sandbox : {}) };
  const at = `providers.${id}`;
  const authMethod = entry.authMethod ?? def.authMethods[0] ?? 'oauth';
  if (
    builtIn &&
    entry.authMethod &&
    !builtIn.authMethods.includes(entry.authMethod) &&
    !builtIn.optInAuthMethods?.includes(entry.authMethod)
  ) {
    problems.push(`${at}.authMethod: ${def.name} offers ${builtIn.authMethods.join(', ')}`);
  }
  const issuer = entry.issuer ?? def.issuer;
  const authorizationEndpoint = entry.authorizationEndpoint ?? def.authorizationEndpoint;
  const tokenEndpoint = entry.tokenEndpoint ?? def.tokenEndpoint;
  if (!builtIn && authMethod === 'oauth' && !issuer && !(authorizationEndpoint && tokenEndpoint)) {
    problems.push(`${at} needs an issuer, or both authorizationEndpoint and tokenEndpoint`);
  }
  const useProxy = entry.useProxy ?? false;
  if (useProxy && !config.proxyUrl) problems.push(`${at}.useProxy needs proxyUrl to be set`);
  if (entry.useApiRelay && !config.proxyUrl)
    problems.push(`${at}.useApiRelay needs proxyUrl to be set`);

  const missing: string[] = [];
  if (authMethod === 'oauth') {
    if (!entry.clientId) missing.push(`${at}.clientId`);
    if (def.needsClientSecret && !useProxy) missing.push(`${at}.useProxy (and proxyUrl)`);
  }
  const scopes = [...def.scopes];
  for (const name of entry.scopes ?? []) {
    if (!scopes.some((s) => s.name === name)) scopes.push({ name, description: name });
  }
  const defaultScopes = entry.scopes ?? def.scopes.filter((s) => s.default).map((s) => s.name);
  return {
    id,
    name: entry.name ?? def.name,
    builtIn: builtIn !== undefined,
    docs: def.docs,
    authMethod,
    authMethods: entry.authMethod
      ? [authMethod, ...def.authMethods.filter((m) => m !== authMethod && m !== 'oauth')]
      : [...def.authMethods],
    clientId: entry.clientId,
    issuer,
    authorizationEndpoint,
    tokenEndpoint,
    revocationEndpoint: entry.revocationEndpoint ?? def.revocationEndpoint,
    apiBaseUrl: entry.apiBaseUrl ?? def.apiBaseUrl,
    scopes,
    defaultScopes,
    extraAuthorizationParams: {
      ...def.extraAuthorizationParams,
      ...entry.extraAuthorizationParams,
    },
    useProxy,
    useApiRelay: entry.useApiRelay ?? false,
    needsClientSecret: def.needsClientSecret,
    supportsRevocation: def.supportsRevocation || entry.revocationEndpoint !== undefined,
    omitCodeChallengeMethod: entry.omitCodeChallengeMethod ?? false,
    dpop: entry.dpop,
    identity: identityProbe(def, entry),
    facts: def.facts,
    tokenAdapter: def.tokenAdapter,
    relayHeaders: def.relayHeaders ?? [],
    requireIdToken: def.requireIdToken ?? true,
    limits: def.limits ?? [],
    readyRequests: entry.readyRequests ?? def.readyRequests ?? [],
    configured: missing.length === 0,
    missing,
    proxyUrl: config.proxyUrl,
  };
}

/**
 * Every provider this deployment lists: each built-in (configured or not) and each custom entry of
 * config.json. Throws a CONFIG KeyfobError listing every problem that makes an entry unusable.
 */
export function resolveProviders(config: AppConfig): ResolvedProvider[] {
  const problems: string[] = [];
  const ids = [...new Set([...Object.keys(builtInProviders), ...Object.keys(config.providers)])];
  const resolved = ids.map((id) =>
    resolveOne(id, own(config.providers, id) ?? {}, config, problems),
  );
  if (problems.length > 0) throw configError(problems);
  return resolved;
}

/**
 * One custom provider added from the app itself (kept in IndexedDB, not in config.json), resolved
 * exactly as a config.json entry would be. Throws a CONFIG KeyfobError naming what is wrong with it.
 */
export function resolveCustomProvider(
  id: string,
  entry: ProviderConfig,
  config: AppConfig,
): ResolvedProvider {
  const problems: string[] = [];
  if (Object.hasOwn(builtInProviders, id) || Object.hasOwn(config.providers, id)) {
    problems.push(`providers.${id} already exists: choose another id`);
  }
  const resolved = resolveOne(id, entry, config, problems);
  if (problems.length > 0) throw configError(problems);
  return resolved;
}

export type ApiKeyMethod = 'api-key' | 'api-token-secret';

/** The API-key method a provider offers here, if any. */
export function apiKeyMethodOf(provider: ResolvedProvider): ApiKeyMethod | undefined {
  return provider.authMethods.find(
    (m): m is ApiKeyMethod => m === 'api-key' || m === 'api-token-secret',
  );
}
