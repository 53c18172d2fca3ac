import type { BaseTwinOptions, TwinHandle } from './types.mjs';

export interface WhatConvertsTwinOptions extends BaseTwinOptions {
  /** Profile key token, default 'wc-twin-token'. */
  apiToken?: string;
  /** Profile key secret, default 'wc-twin-secret'. */
  apiSecret?: string;
  /** Master account key token, default 'wc-twin-master-token'; '' disables the master key. */
  masterToken?: string;
  /** Master account key secret, default 'wc-twin-master-secret'. */
  masterSecret?: string;
  /** Requests a day for a profile key, default 1000 (reset at midnight UTC by the twin's clock). */
  dailyLimit?: number;
  /** Requests a day for a master key, default 10000. */
  masterDailyLimit?: number;
  /** Concurrent API requests before 429, default 20. */
  maxConcurrent?: number;
}

export interface WhatConvertsTwinSettings {
  apiToken: string;
  apiSecret: string;
  masterToken: string;
  masterSecret: string;
  dailyLimit: number;
  masterDailyLimit: number;
  maxConcurrent: number;
}

export interface WhatConvertsTwinState {
  /** Per API token: the UTC day number and the requests used that day. */
  quotas: Map<string, { day: number; used: number }>;
}

export type WhatConvertsTwin = TwinHandle<WhatConvertsTwinSettings, WhatConvertsTwinState>;

export interface WhatConvertsLead {
  account_id: number;
  profile_id: number;
  profile: string;
  lead_id: number;
  lead_type: string;
  lead_status: string;
  date_created: string;
  quotable: string;
  lead_source: string | null;
  lead_medium: string | null;
  lead_campaign: string | null;
  contact_name: string | null;
  contact_email_address: string;
  landing_url: string;
}

export const WHATCONVERTS_DEFAULT_PORT: 9024;
export const WHATCONVERTS_API_TOKEN: 'wc-twin-token';
export const WHATCONVERTS_API_SECRET: 'wc-twin-secret';
export const WHATCONVERTS_MASTER_TOKEN: 'wc-twin-master-token';
export const WHATCONVERTS_MASTER_SECRET: 'wc-twin-master-secret';
export const WHATCONVERTS_ACCOUNT_ID: 52001;
export const WHATCONVERTS_PROFILE_ID: 63001;
export const WHATCONVERTS_DEMO_LEADS: readonly WhatConvertsLead[];
export const WHATCONVERTS_DEMO_ACCOUNTS: readonly {
  account_id: number;
  account_name: string;
  date_created: string;
  profiles: { profile_id: number; profile_name: string }[];
}[];

export function startWhatConvertsTwin(options?: WhatConvertsTwinOptions): Promise<WhatConvertsTwin>;
