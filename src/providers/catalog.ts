import { cloudconvert } from './cloudconvert';
import { convert } from './convert';
import type { ProviderDefinition } from './types';
import { videoask } from './videoask';
import { whatconverts } from './whatconverts';

/** The built-in providers, by id. config.json sets their client ids and may override any value. */
export const builtInProviders: Readonly<Record<string, ProviderDefinition>> = {
  convert,
  cloudconvert,
  videoask,
  whatconverts,
};

export type { ProviderDefinition } from './types';
