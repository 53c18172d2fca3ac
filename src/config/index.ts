export { loadConfig, type LoadedConfig } from './load';
export { resolveProviders, type ResolvedProvider } from './resolve';
export type { AppConfig, ProviderConfig } from './types';
export { validateConfig, isLoopbackUrl } from './validate';
