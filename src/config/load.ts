import { configError } from '../oauth/errors';
import { validateConfig } from './validate';
import { resolveProviders, type ResolvedProvider } from './resolve';
import type { AppConfig } from './types';

export interface LoadedConfig {
  config: AppConfig;
  providers: ResolvedProvider[];
}

/** "config.json is not valid JSON at line 3, column 5: ...", from the parser's position. */
export function invalidJson(text: string, caught: unknown): string {
  const message = caught instanceof Error ? caught.message : String(caught);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  const position = /position (\d+)/.exec(message);
  let where = '';
  if (lineColumn) where = ` at line ${lineColumn[1]}, column ${lineColumn[2]}`;
  else if (position) {
    const before = text.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    where = ` at line ${line}, column ${column}`;
  } else if (text.trim() === '') where = ': the file is empty';
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+/, '');
  return `config.json is not valid JSON${where} (${reason})`;
}

/**
 * Loads config.json from the app's base URL (so a deployment can replace it without a rebuild),
 * validates it once, and resolves the provider list. Every failure is a CONFIG KeyfobError whose
 * `problems` the start-up screen lists.
 */
export async function loadConfig(
  baseUrl: string,
  fetchImpl: typeof fetch = fetch,
): Promise<LoadedConfig> {
  const url = new URL('config.json', new URL(baseUrl, globalThis.location?.href));
  let response: Response;
  try {
    // The same request as index.html's <link rel="preload" as="fetch" crossorigin> (GET, cors,
    // same-origin credentials, default cache mode, no extra headers), so the browser hands over
    // the preloaded response instead of fetching again. It is fetched at page load, so a new
    // config.json still shows without a rebuild (public/_headers asks hosts not to cache it).
    response = await fetchImpl(url, { credentials: 'same-origin', mode: 'cors' });
  } catch {
    throw configError([`config.json could not be loaded from ${url.pathname} (network error)`]);
  }
  if (!response.ok) {
    throw configError([
      `config.json could not be loaded from ${url.pathname} (HTTP ${response.status})`,
    ]);
  }
  const text = await response.text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (caught) {
    throw configError([invalidJson(text, caught)]);
  }
  const config = validateConfig(raw);
  return { config, providers: resolveProviders(config) };
}
