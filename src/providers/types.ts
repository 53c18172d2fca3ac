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

/** Facts read from an API answer and kept on the connection (credits, organizations, limits). */
export type Details = Record<string, unknown>;

/**
 * A further GET whose answer adds details (VideoAsk's organizations, WhatConverts' key type).
 * `Body` is the answer's shape as the provider documents it; readers still check each field,
 * since an answer is only ever what the wire brought.
 */
export interface DetailsProbe<Body = unknown, D extends object = Details> {
  /** Path relative to the API base URL. */
  path: string;
  /** Reads details from the answer (any status: a 403 can be an answer too); none to skip it. */
  details(body: Body | undefined, status: number): Partial<D> | undefined;
}

/**
 * A request that tells who a credential belongs to, and how to read a display name from it. Data
 * and pure readers only: the protocol core (src/oauth/identity-probe.ts) makes the requests.
 */
export interface IdentityProbe<Body = unknown, D extends object = Details, Grant = unknown> {
  /**
   * Path relative to the provider's API base URL, e.g. `/v2/users/me`; a function when the path
   * depends on what was granted (Convert's first account), `undefined` meaning "nothing to ask".
   */
  path: string | ((grant: unknown) => string | undefined);
  /** Reads a display name from the JSON answer (typed as `Body`); `undefined` when it has none. */
  displayName(body: Body | undefined): string | undefined;
  /** Extra facts from the same answer. */
  details?(body: Body | undefined): Partial<D> | undefined;
  /** Further requests made after the first succeeded; a failed one is skipped. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each follow-up has its own answer shape
  more?: readonly DetailsProbe<any, D>[];
  /** A display name from the token response's grant, when the API cannot be asked (Convert). */
  displayNameFromGrant?(grant: Grant | undefined): string | undefined;
}

/** A request the API console offers ready to send, known to work with this provider's API. */
export interface ReadyRequest {
  label: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * Path under the API base URL; a function when it depends on what was granted (Convert's first
   * account), `undefined` meaning "not for this connection".
   */
  path: string | ((grant: unknown) => string | undefined);
  /** JSON, for the methods that take a body. */
  body?: string;
}

/** One fact the connection page shows: a label and its value, plain text. */
export interface Fact {
  label: string;
  value: string;
  /** A remark after the value, e.g. "sent as organization-id". */
  note?: string;
}

/**
 * A titled group of facts on the connection page: `terms` (label: value, e.g. "Account details")
 * or a `list` of things the account has (organizations, granted accounts and projects).
 */
export interface FactGroup {
  title: string;
  kind: 'terms' | 'list';
  facts: readonly Fact[];
}

/** What a connection knows from its identity probe and its grant, as a facts function reads it. */
export interface ConnectionAnswer<D extends object = Details, Grant = unknown> {
  /** The identity probe's details, as stored (possibly by an older version: check each field). */
  details: Partial<D>;
  /** The token response's provider-specific grant (Convert's accounts). */
  grant: Grant | undefined;
}

/** Hosts that replace the catalog's when config.json asks for a variant (`"sandbox": true`). */
export type EndpointVariant = Partial<
  Pick<
    ProviderDefinition,
    'issuer' | 'authorizationEndpoint' | 'tokenEndpoint' | 'revocationEndpoint' | 'apiBaseUrl'
  >
>;

/** What the connection page says about a provider's limits, in plain sentences. */
export type KnownLimits = readonly string[];

export interface ProviderDefinition {
  id: string;
  name: string;
  /** Where a person registers the app and reads the API documentation. */
  docs: readonly string[];
  authMethods: readonly AuthMethod[];
  /**
   * Methods offered only when config.json's `authMethod` names them (WhatConverts' unverified
   * OAuth): never a default, and an entry that does not ask keeps `authMethods`.
   */
  optInAuthMethods?: readonly AuthMethod[];
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
  supportsRevocation: boolean;
  /** The provider's sandbox: other hosts, separate keys (CloudConvert). */
  variants?: { sandbox?: EndpointVariant };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each provider types its own answer
  identity?: IdentityProbe<any, any, any>;
  /**
   * The facts the connection page shows, from what the identity probe and the grant said. Pure:
   * the page renders the groups as they come and knows nothing of any provider.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each provider types its own answer
  facts?(answer: ConnectionAnswer<any, any>): readonly FactGroup[];
  /** A named token-endpoint adapter for a provider that strays from RFC 6749 (src/oauth/adapters). */
  tokenAdapter?: 'convert';
  /** Request headers, beyond Authorization/Content-Type/Accept, that the proxy's API relay passes. */
  relayHeaders?: readonly string[];
  /**
   * Whether a token response to an `openid` request must carry an ID token (default true). False
   * for a provider that asks for `openid` but is not known to answer with one (VideoAsk).
   */
  requireIdToken?: boolean;
  /** Rate limits and other facts a person should know, shown with the connection. */
  limits?: KnownLimits;
  /** What the API console offers ready to send (providers.md facts). */
  readyRequests?: readonly ReadyRequest[];
}
