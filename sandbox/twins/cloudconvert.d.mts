import type { BaseTwinOptions, TwinHandle } from './types.mjs';

export type CloudConvertApiKey = string | { key: string; scopes?: string[] };

export interface CloudConvertTwinOptions extends BaseTwinOptions {
  /** Default 'cloudconvert-twin-client'. */
  clientId?: string;
  /** Default 'cloudconvert-twin-secret'. */
  clientSecret?: string;
  /** Refresh token lifetime in seconds; null (default) = never expires. */
  refreshTokenTtl?: number | null;
  /** API keys accepted as Bearer tokens; a bare string has every scope. Default ['cc-twin-api-key']. */
  apiKeys?: readonly CloudConvertApiKey[];
  /** API requests allowed per window; 0 (default) = no limit and no X-RateLimit-* headers. */
  rateLimit?: number;
  /** Rate limit window in seconds; default 60. */
  rateLimitWindow?: number;
  /** The demo user's starting credits; default 250. A convert task costs 1. */
  credits?: number;
}

export interface CloudConvertTwinSettings {
  clientId: string;
  clientSecret: string;
  accessTokenTtl: number;
  refreshTokenTtl: number | null;
  apiKeys: readonly CloudConvertApiKey[];
  rateLimit: number;
  rateLimitWindow: number;
  credits: number;
}

export interface CloudConvertJobRecord {
  id: string;
  tag: string | undefined;
  createdAt: string;
  tasks: Record<string, Record<string, unknown>>;
  taskIds: Record<string, string>;
}

export interface CloudConvertTwinState {
  jobs: Map<string, CloudConvertJobRecord>;
  credits: number;
  rate: { windowStart: number; used: number };
}

export type CloudConvertTwin = TwinHandle<CloudConvertTwinSettings, CloudConvertTwinState>;

export const CLOUDCONVERT_DEFAULT_PORT: 9022;
export const CLOUDCONVERT_CLIENT_ID: 'cloudconvert-twin-client';
export const CLOUDCONVERT_CLIENT_SECRET: 'cloudconvert-twin-secret';
export const CLOUDCONVERT_API_KEY: 'cc-twin-api-key';
export const CLOUDCONVERT_SCOPES: readonly string[];
export const CLOUDCONVERT_DEMO_USER: Readonly<{
  id: number;
  username: string;
  email: string;
  created_at: string;
}>;

/** Validates a POST /v2/jobs body; returns Laravel-style `errors` (empty when valid). */
export function validateJob(body: Record<string, unknown>): Record<string, string[]>;

export function startCloudConvertTwin(options?: CloudConvertTwinOptions): Promise<CloudConvertTwin>;
