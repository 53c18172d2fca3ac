/** Types for the sandbox authorization server (sandbox/server.mjs), for TypeScript tests. */

export interface SandboxOptions {
  /** Loopback only; default 127.0.0.1. */
  host?: string;
  /** Default 9010; 0 picks a free port (see `port` on the result). */
  port?: number;
  /** Browser origins of the app, allowed by CORS. */
  appOrigins?: string[];
  /** Exact redirect URIs; default each app origin + '/callback/<id>' for SANDBOX_PROVIDER_IDS. */
  redirectUris?: string[];
  /** Seconds; default 120. */
  accessTokenTtl?: number;
  /** Seconds; default 14 days. */
  refreshTokenTtl?: number;
  /** Secret of keyfob-sandbox-confidential; default 'sandbox-secret'. */
  confidentialSecret?: string;
  /** 'oidc' (default): an OpenID provider; 'oauth2': RFC 8414 metadata only, never an ID token. */
  mode?: 'oidc' | 'oauth2';
  /** Serve under an issuer with this path, e.g. '/tenant/a'; default none. */
  basePath?: string;
  /** DPoP (RFC 9449) on, nonces required, and the client keyfob-sandbox-dpop; default off. */
  dpop?: boolean;
}

export interface SandboxStats {
  token: Record<string, number> & { authorization_code: number; refresh_token: number };
  tokenErrors: Record<string, number>;
  revocation: number;
  api: number;
}

export interface Sandbox {
  issuer: string;
  url: string;
  /** The issuer without its path. */
  origin: string;
  mode: 'oidc' | 'oauth2';
  port: number;
  stats(): SandboxStats;
  resetStats(): void;
  close(): Promise<void>;
}

export const DEFAULT_APP_ORIGINS: string[];
/** The provider ids Keyfob reaches the sandbox under; each has its own redirect URI. */
export const SANDBOX_PROVIDER_IDS: readonly string[];
/** Each app origin (with its base path) + `callback/<id>` for every provider id. */
export function defaultRedirectUris(
  appOrigins: readonly string[],
  ids?: readonly string[],
): string[];
export function startSandbox(options?: SandboxOptions): Promise<Sandbox>;
/** The SANDBOX_* environment variables as options. */
export function optionsFromEnv(env?: Record<string, string | undefined>): SandboxOptions;
