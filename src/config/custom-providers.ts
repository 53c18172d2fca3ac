import type { KeyValueStore } from '../vault/store';
import { resolveCustomProvider, type ResolvedProvider } from './resolve';
import type { AppConfig, ProviderConfig } from './types';
import { configError, ErrorCode, isKeyfobError } from '../oauth/errors';
import { validateConfig } from './validate';

/** What a person can set when adding a provider from the app (a subset of a config.json entry). */
export type CustomProviderEntry = Pick<
  ProviderConfig,
  | 'name'
  | 'clientId'
  | 'issuer'
  | 'authorizationEndpoint'
  | 'tokenEndpoint'
  | 'revocationEndpoint'
  | 'apiBaseUrl'
  | 'scopes'
>;

const keyOf = (id: string) => `provider:${id}`;

export interface CustomProviderRegistry {
  /** The ids of the providers added from the app. */
  ids(): string[];
  /** Checks an entry as config.json would be checked and resolves it, without keeping it. */
  resolve(id: string, entry: CustomProviderEntry): ResolvedProvider;
  /** Keeps the entry and adds it to the live provider list. */
  add(id: string, entry: CustomProviderEntry): Promise<ResolvedProvider>;
  remove(id: string): Promise<void>;
}

/**
 * Providers added from the app itself are kept on this device (IndexedDB, unsealed: they hold no
 * secret) and join the live `providers` list that config.json started, so they connect exactly as
 * configured ones do, with no rebuild. An entry that no longer resolves (config.json changed) is
 * skipped with a warning, never a start-up failure.
 */
export async function loadCustomProviders(
  store: KeyValueStore,
  config: AppConfig,
  providers: ResolvedProvider[],
): Promise<CustomProviderRegistry> {
  const added = new Set<string>();

  function resolve(id: string, entry: CustomProviderEntry): ResolvedProvider {
    const clean = Object.fromEntries(
      Object.entries(entry).filter(([, v]) => v !== undefined && v !== ''),
    ) as CustomProviderEntry;
    validateConfig({ providers: { [id]: clean } });
    if (providers.some((p) => p.id === id)) {
      throw configError([`providers.${id} already exists: choose another id`]);
    }
    const resolved = resolveCustomProvider(id, clean, config);
    if (!resolved.clientId) throw configError([`providers.${id}.clientId is needed`]);
    return resolved;
  }

  for (const key of await store.keys()) {
    if (!key.startsWith('provider:')) continue;
    const id = key.slice('provider:'.length);
    try {
      providers.push(resolve(id, (await store.get<CustomProviderEntry>(key)) ?? {}));
      added.add(id);
    } catch (error) {
      const why =
        isKeyfobError(error, ErrorCode.CONFIG) && error.problems
          ? error.problems.join('; ')
          : String(error);
      console.warn(`The provider "${id}" added on this device is skipped: ${why}`);
    }
  }

  return {
    ids: () => [...added],
    resolve,
    async add(id, entry) {
      const resolved = resolve(id, entry);
      await store.set(keyOf(id), entry);
      providers.push(resolved);
      added.add(id);
      return resolved;
    },
    async remove(id) {
      if (!added.has(id)) return;
      await store.remove(keyOf(id));
      added.delete(id);
      const index = providers.findIndex((p) => p.id === id);
      if (index >= 0) providers.splice(index, 1);
    },
  };
}
