import type { CloudConvertTwin, CloudConvertTwinOptions } from './cloudconvert.mjs';
import type { ConvertTwin, ConvertTwinOptions } from './convert.mjs';
import type { VideoAskTwin, VideoAskTwinOptions } from './videoask.mjs';
import type { WhatConvertsTwin, WhatConvertsTwinOptions } from './whatconverts.mjs';

export { startCloudConvertTwin } from './cloudconvert.mjs';
export { startConvertTwin } from './convert.mjs';
export { startVideoAskTwin } from './videoask.mjs';
export { startWhatConvertsTwin } from './whatconverts.mjs';
export type { TwinHandle, TwinStats, BaseTwinOptions } from './types.mjs';

export const DEFAULT_APP_ORIGINS: readonly string[];
export const DEFAULT_TWIN_PORTS: Readonly<{
  convert: 9021;
  cloudconvert: 9022;
  videoask: 9023;
  whatconverts: 9024;
}>;

type PerTwin<T> = Omit<T, 'port' | 'appOrigins'>;

export interface StartTwinsOptions {
  appOrigins?: readonly string[];
  redirectUris?: readonly string[];
  /** `false` starts every twin without CORS headers (as KEYFOB_TWINS_CORS=0 does when run directly). */
  cors?: boolean;
  /** Override any fixed port (0 = a free one). */
  ports?: Partial<Record<'convert' | 'cloudconvert' | 'videoask' | 'whatconverts', number>>;
  convert?: PerTwin<ConvertTwinOptions>;
  cloudconvert?: PerTwin<CloudConvertTwinOptions>;
  videoask?: PerTwin<VideoAskTwinOptions>;
  whatconverts?: PerTwin<WhatConvertsTwinOptions>;
}

export interface Twins {
  convert: ConvertTwin;
  cloudconvert: CloudConvertTwin;
  videoask: VideoAskTwin;
  whatconverts: WhatConvertsTwin;
  close(): Promise<void>;
}

export function startTwins(options?: StartTwinsOptions): Promise<Twins>;

export function twinsOptionsFromEnv(env: Record<string, string | undefined>): StartTwinsOptions;
