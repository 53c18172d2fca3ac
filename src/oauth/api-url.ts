import type { ResolvedProvider } from '../config/resolve';
import { ErrorCode, KeyfobError } from './errors';

const trimSlashes = (url: string) => url.replace(/\/+$/, '');

/**
 * Where a call to a provider's API goes: `input` is a path under its API base URL (or a full URL
 * under it), sent through the proxy's relay for providers with `useApiRelay`. Every request that
 * carries a credential (authorizedFetch, the identity probes) gets its URL here, so the check is
 * made once: the target must have the base's origin and sit below the base path. A string prefix
 * test would let `https://api.example.com.evil.test/` or `https://api.example.com@evil.test/`
 * through when the base has no path.
 */
export function apiUrl(provider: ResolvedProvider, input: string): string {
  if (!provider.apiBaseUrl) {
    throw new KeyfobError(
      ErrorCode.CONFIG,
      `${provider.name} has no API base URL: set providers.${provider.id}.apiBaseUrl in config.json.`,
    );
  }
  const base = trimSlashes(provider.apiBaseUrl);
  const baseUrl = new URL(base);
  const basePath = trimSlashes(baseUrl.pathname);
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(input);
  let direct: URL | undefined;
  try {
    direct = new URL(absolute ? input : base + (input.startsWith('/') ? input : `/${input}`));
  } catch {
    direct = undefined;
  }
  if (
    !direct ||
    direct.origin !== baseUrl.origin ||
    direct.username !== '' ||
    direct.password !== '' ||
    !(direct.pathname === basePath || direct.pathname.startsWith(`${basePath}/`))
  ) {
    throw new KeyfobError(
      ErrorCode.CONFIG,
      `${input} is not under ${provider.name}'s API (${base}), so no credential is sent there.`,
    );
  }
  if (provider.useApiRelay && provider.proxyUrl) {
    const rest = direct.pathname.slice(basePath.length) + direct.search;
    return `${trimSlashes(provider.proxyUrl)}/api/${provider.id}${rest}`;
  }
  return direct.href;
}
