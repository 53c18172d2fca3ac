import type { BaseTwinOptions, TwinHandle } from './types.mjs';

export interface VideoAskTwinOptions extends BaseTwinOptions {
  /** Default 'videoask-twin-client'. */
  clientId?: string;
  /** Default 'videoask-twin-secret'. */
  clientSecret?: string;
  /** Access token lifetime, default 86400 s. */
  accessTokenTtl?: number;
  /** Refresh token lifetime, default 30 days. */
  refreshTokenTtl?: number;
  /** The audience authorize insists on; default 'https://api.videoask.com/'. */
  audience?: string;
}

export interface VideoAskTwinSettings {
  clientId: string;
  clientSecret: string;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  audience: string;
}

export type VideoAskTwin = TwinHandle<VideoAskTwinSettings>;

export interface VideoAskForm {
  form_id: string;
  organization_id: string;
  title: string;
  share_url: string;
  created_at: string;
}

export const VIDEOASK_DEFAULT_PORT: 9023;
export const VIDEOASK_CLIENT_ID: 'videoask-twin-client';
export const VIDEOASK_CLIENT_SECRET: 'videoask-twin-secret';
export const VIDEOASK_AUDIENCE: 'https://api.videoask.com/';
export const VIDEOASK_SCOPES: readonly string[];
export const VIDEOASK_DEMO_USER: Readonly<{
  user_id: string;
  username: string;
  email: string;
  name: string;
}>;
export const VIDEOASK_DEMO_ORGANIZATION: Readonly<{
  organization_id: string;
  name: string;
  role: string;
}>;
export const VIDEOASK_DEMO_FORMS: readonly VideoAskForm[];

export function startVideoAskTwin(options?: VideoAskTwinOptions): Promise<VideoAskTwin>;
