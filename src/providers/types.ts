/**
 * The provider catalog's shape. An entry is data plus named quirk hooks, never free-form fetch
 * code: the protocol core (src/oauth) and the proxy (proxy/) read the same entries.
 */

/** How a person can connect to a provider. */
export type AuthMethod = 'oauth' | 'api-key' | 'api-token-secret';

/** How the token endpoint wants its request body. */
export type TokenRequestEncoding = 'form' | 'json';

/** How a confidential client authenticates at the token endpoint (the proxy adds it). */
export type ClientAuthentication = 'client_secret_post' | 'client_secret_basic';

export interface ScopeInfo {
  name: string;
  description: string;
  /** Asked for unless the person or config.json chooses otherwise. */
  default?: boolean;
}

/** A request that tells who a credential belongs to, and how to read a display name from it. */
export interface IdentityProbe {
  /** Path relative to the provider's API base URL, e.g. `/v2/users/me`. */
  path: string;
  /** Reads a display name from the JSON answer; `undefined` when it has none. */
  displayName: (body: unknown) => string | undefined;
}

export interface ProviderDefinition {
  id: string;
  name: string;
  /** Where a person registers the app and reads the API documentation. */
  docs: readonly string[];
  authMethods: readonly AuthMethod[];
  /** OpenID / RFC 8414 issuer: when set, endpoints come from discovery. */
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  apiBaseUrl?: string;
  scopes: readonly ScopeInfo[];
  extraAuthorizationParams?: Readonly<Record<string, string>>;
  /** The provider insists on a client secret, so code exchange and refresh go through the proxy. */
  needsClientSecret: boolean;
  tokenRequestEncoding: TokenRequestEncoding;
  /** How the proxy presents the secret, when one is needed. */
  clientAuthentication: ClientAuthentication;
  supportsRefresh: boolean;
  supportsRevocation: boolean;
  identity?: IdentityProbe;
  /** A named token-endpoint adapter for a provider that strays from RFC 6749 (src/oauth/adapters). */
  tokenAdapter?: 'convert';
  /** Request headers, beyond Authorization/Content-Type/Accept, that the proxy's API relay passes. */
  relayHeaders?: readonly string[];
}
