/**
 * Types shared by the twins' declarations (the twins are plain .mjs; tests import them through
 * these .d.mts files so strict tsc checks every use).
 */

export interface TwinStats {
  authorize: { shown: number; allowed: number; denied: number; refused: number };
  /** Token requests by grant_type as received ("(none)" when absent), failed ones included. */
  tokenRequests: Record<string, number>;
  tokenErrors: number;
  /** Requests to API routes, whatever their outcome. */
  apiCalls: number;
  apiErrors: number;
  revocations: number;
  preflights: number;
  /** 429 answers (rate limit, daily quota, concurrency). */
  rateLimited: number;
}

export interface BaseTwinOptions {
  /** 0 (default for a single twin) picks a free port. */
  port?: number;
  /** Loopback only; anything else throws. */
  host?: '127.0.0.1';
  /** Exact origins allowed by CORS on token and API endpoints; default vite dev + preview. */
  appOrigins?: readonly string[];
  /** Registered redirect URIs (exact match); default each app origin + "/callback/<provider id>". */
  redirectUris?: readonly string[];
  /** false: no CORS header at all, to exercise the app's "probably blocked by CORS" path. */
  cors?: boolean;
  /** Access token lifetime in seconds. */
  accessTokenTtl?: number;
  /** Delay before answering token, revocation and API requests, in milliseconds. */
  latencyMs?: number;
  /** The twin's clock (epoch ms); default Date.now. */
  now?: () => number;
}

export interface CodeRecord {
  clientId: string;
  redirectUri: string;
  redirectUriSent: boolean;
  scope: string[];
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
  expiresAt: number;
  used: boolean;
  grant: Record<string, unknown>;
}

export interface AccessTokenRecord {
  clientId: string;
  scope: string[];
  expiresAt: number;
  revoked: boolean;
  refreshToken: string | undefined;
  grant: Record<string, unknown>;
}

export interface RefreshTokenRecord {
  clientId: string;
  scope: string[];
  expiresAt: number;
  revoked: boolean;
  grant: Record<string, unknown>;
}

export interface TwinStore {
  codes: Map<string, CodeRecord>;
  accessTokens: Map<string, AccessTokenRecord>;
  refreshTokens: Map<string, RefreshTokenRecord>;
}

export interface TwinHandle<Settings = Record<string, unknown>, State = Record<string, unknown>> {
  name: string;
  /** e.g. http://127.0.0.1:9021 */
  url: string;
  port: number;
  /** Live provider state: the token store plus provider extras. */
  state: State & { store: TwinStore };
  /** Live settings (options merged over defaults). */
  settings: Settings & {
    appOrigins: string[];
    redirectUris: string[];
    cors: boolean;
    latencyMs: number;
  };
  /** A snapshot of the request counters. */
  stats(): TwinStats;
  /** Forgets every code, token and counter and restores the start settings and clock. */
  reset(): void;
  /** Expires every access token issued so far (and with `refresh`, every refresh token). */
  expireAll(options?: { refresh?: boolean }): void;
  /** Revokes every access and refresh token (the user removed the app at the provider). */
  revokeAll(): void;
  /** Moves the twin's clock forward. */
  advance(seconds: number): void;
  /** The next `count` token/revocation/API requests (default: all) fail with `status` (503). */
  startOutage(options?: { status?: number; count?: number }): void;
  endOutage(): void;
  /** Changes run-time settings (cors, accessTokenTtl, refreshTokenTtl, latencyMs, provider extras). */
  configure(patch: Record<string, unknown>): void;
  close(): Promise<void>;
}
