import { ConfigError, validateConfig } from './validate';
import { resolveProviders, type ResolvedProvider } from './resolve';
import type { AppConfig } from './types';

export interface LoadedConfig {
  config: AppConfig;
  providers: ResolvedProvider[];
}

/**
 * Loads config.json from the app's base URL (so a deployment can replace it without a rebuild),
 * validates it once, and resolves the provider list. Every failure is a ConfigError whose
 * `problems` the start-up screen lists.
 */
export async function loadConfig(
  baseUrl: string,
  fetchImpl: typeof fetch = fetch,
): Promise<LoadedConfig> {
  const url = new URL('config.json', new URL(baseUrl, globalThis.location?.href));
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    throw new ConfigError([`config.json could not be loaded from ${url.pathname} (network error)`]);
  }
  if (!response.ok) {
    throw new ConfigError([
      `config.json could not be loaded from ${url.pathname} (HTTP ${response.status})`,
    ]);
  }
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    throw new ConfigError(['config.json is not valid JSON']);
  }
  const config = validateConfig(raw);
  return { config, providers: resolveProviders(config) };
}
