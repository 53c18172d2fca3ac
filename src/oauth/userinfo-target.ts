import type { ResolvedProvider } from '../config/resolve';
import { apiUrl } from './api-url';
import { ErrorCode, KeyfobError } from './errors';
import type { FetchLike } from './http';
import { getAuthorizationServer, type DiscoveryCache } from './server-metadata';

/**
 * The UserInfo endpoint (OpenID Connect Core 5.3) a provider without an API base may be called
 * at: the `userinfo_endpoint` of its discovered metadata (checked like every endpoint: `https:`,
 * `http:` only on loopback). Undefined for a provider with an API base (its calls go there), or
 * without an issuer or a UserInfo endpoint.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
export async function discoveredUserInfoEndpoint(
  provider: ResolvedProvider,
  fetchImpl: FetchLike,
  discovery: DiscoveryCache,
): Promise<string | undefined> {
  if (provider.apiBaseUrl || !provider.issuer) return undefined;
  const metadata = await getAuthorizationServer(provider, fetchImpl, discovery);
  return metadata.userinfo_endpoint;
}

/**
 * Where a call that carries a connection's credential goes. With an API base, `apiUrl` decides (a
 * path under it). Without one, the only target is the discovered UserInfo endpoint itself: `input`
 * must be that absolute URL, the same origin, path and query, with no user info or fragment; any
 * other path on that origin, a relative path or a look-alike host is refused (CONFIG), so the
 * credential still never goes anywhere the provider did not name.
 */
export function callUrl(
  provider: ResolvedProvider,
  input: string,
  userInfoEndpoint: string | undefined,
): string {
  if (provider.apiBaseUrl || userInfoEndpoint === undefined) return apiUrl(provider, input);
  const allowed = new URL(userInfoEndpoint);
  let target: URL | undefined;
  try {
    // No base: a relative path is not a URL here, so it cannot resolve against the endpoint.
    target = new URL(input);
  } catch {
    target = undefined;
  }
  if (
    !target ||
    target.origin !== allowed.origin ||
    target.pathname !== allowed.pathname ||
    target.search !== allowed.search ||
    target.username !== '' ||
    target.password !== '' ||
    target.hash !== ''
  ) {
    throw new KeyfobError(
      ErrorCode.CONFIG,
      `${input} is not ${provider.name}'s UserInfo endpoint (${userInfoEndpoint}), and ${provider.name} has no API base URL, so no credential is sent there.`,
      { providerId: provider.id },
    );
  }
  return allowed.href;
}
