/** Fixed loopback ports for the end-to-end run, apart from `npm start`'s so both can run at once. */
export const E2E = {
  app: 'http://127.0.0.1:4173',
  /** The same server by name: passkeys (WebAuthn) refuse an IP address as the relying party. */
  appByName: 'http://localhost:4173',
  /** The same app built with KEYFOB_BASE=/keyfob/ and served under that sub-path. */
  appUnderBase: 'http://127.0.0.1:4174/keyfob/',
  sandbox: 'http://127.0.0.1:9110',
  /** A second sandbox whose access tokens live 5 seconds, for the token lifecycle spec. */
  sandboxShort: 'http://127.0.0.1:9111',
  proxy: 'http://127.0.0.1:8797',
  /** Discovery interop: a plain OAuth 2.0 sandbox (RFC 8414 metadata only), issuer without a path. */
  sandboxPlain: 'http://127.0.0.1:9112',
  /** A plain OAuth 2.0 sandbox under an issuer with a path. */
  sandboxPlainTenant: 'http://127.0.0.1:9113/tenant/a',
  /** An OpenID sandbox under an issuer with a path. */
  sandboxOidcTenant: 'http://127.0.0.1:9114/tenant/b',
  /** oauth2-mock-server, an authorization server nobody here wrote, metadata as it ships. */
  mockServer: 'http://127.0.0.1:9115',
  /** The sandbox with DPoP on (RFC 9449): nonces required, 8-second tokens to see refreshes. */
  sandboxDpop: 'http://127.0.0.1:9116',
} as const;

/** The custom-provider ids the discovery spec adds, one per server above. */
export const DISCOVERY_IDS = ['plain-root', 'plain-tenant', 'oidc-tenant', 'mock-server'] as const;

export const portOf = (url: string) => Number(new URL(url).port);
