import type { AuthMethod, ReadyRequest } from '../providers/types';

/** One provider entry of config.json: a built-in's settings, or a whole custom provider. */
export interface ProviderConfig {
  name?: string;
  clientId?: string;
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  apiBaseUrl?: string;
  scopes?: string[];
  useProxy?: boolean;
  /** Send API calls through the proxy's relay (for APIs without CORS headers). */
  useApiRelay?: boolean;
  extraAuthorizationParams?: Record<string, string>;
  /** Which of the provider's auth methods this deployment offers (e.g. WhatConverts' opt-in OAuth). */
  authMethod?: AuthMethod;
  /** Use the provider's sandbox hosts (CloudConvert). */
  sandbox?: boolean;
  /** Leave `code_challenge_method` out of the authorize URL (Convert's documented example does). */
  omitCodeChallengeMethod?: boolean;
  /** DPoP-bound tokens (RFC 9449): true or false; absent, as the server's metadata advertises. */
  dpop?: boolean;
  /** Who-am-I path under apiBaseUrl (e.g. `/v2/users/me`), replacing the catalog's probe path. */
  identityPath?: string;
  /** The API console's ready requests (paths under apiBaseUrl), replacing the catalog's. */
  readyRequests?: (Omit<ReadyRequest, 'path'> & { path: string })[];
}

/** The shape of config.json, exactly as deployments write it. */
export interface AppConfig {
  proxyUrl?: string;
  providers: Record<string, ProviderConfig>;
}
