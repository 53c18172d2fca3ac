import type { BaseTwinOptions, TwinHandle } from './types.mjs';

export interface ConvertProject {
  project_id: number;
  name: string;
}
export interface ConvertAccount {
  account_id: number;
  name: string;
  projects: ConvertProject[];
}

export interface ConvertTwinOptions extends BaseTwinOptions {
  /** Default 'convert-twin-client'. Public client: there is no secret. */
  clientId?: string;
  /** What the consent page grants; default CONVERT_DEMO_ACCOUNTS. */
  accounts?: readonly ConvertAccount[];
}

export interface ConvertTwinSettings {
  clientId: string;
  accessTokenTtl: number;
  accounts: readonly ConvertAccount[];
}

export type ConvertTwin = TwinHandle<ConvertTwinSettings>;

export const CONVERT_DEFAULT_PORT: 9021;
export const CONVERT_CLIENT_ID: 'convert-twin-client';
export const CONVERT_SCOPE: 'selected_accounts_projects';
export const CONVERT_DEMO_ACCOUNTS: readonly ConvertAccount[];

export function startConvertTwin(options?: ConvertTwinOptions): Promise<ConvertTwin>;
