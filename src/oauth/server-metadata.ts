import * as oauth from 'oauth4webapi';
import type { ResolvedProvider } from '../config/resolve';
import { checkEndpoints } from './endpoints';
import { ErrorCode, KeyfobError, isKeyfobError } from './errors';
import { requestOptions, type FetchLike } from './http';

/**
 * Discovery answers are cached per issuer for the life of the page: metadata rarely changes, and a
 * second round trip before every redirect would only slow the person down.
 */
const discoveryCache = new Map<string, Promise<oauth.AuthorizationServer>>();

export function clearDiscoveryCache(): void {
  discoveryCache.clear();
}

async function discover(issuer: string, fetchImpl: FetchLike): Promise<oauth.AuthorizationServer> {
  const issuerUrl = new URL(issuer);
  const options = requestOptions(issuer, fetchImpl);
  let lastError: unknown;
  // OpenID Connect discovery first, then RFC 8414: the two well-known paths a server may use.
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    try {
      const response = await oauth.discoveryRequest(issuerUrl, { ...options, algorithm });
      return await oauth.processDiscoveryResponse(issuerUrl, response);
    } catch (error) {
      // A host that cannot be reached at all will not answer at the next location either.
      if (
        isKeyfobError(error, ErrorCode.OFFLINE) ||
        isKeyfobError(error, ErrorCode.UNREACHABLE) ||
        isKeyfobError(error, ErrorCode.TIMEOUT)
      ) {
        throw error;
      }
      lastError = error;
    }
  }
  throw new KeyfobError(
    ErrorCode.CONFIG,
    `Discovery failed for ${issuer}: ${(lastError as Error)?.message ?? 'no metadata found'}. Check the issuer, or give the endpoints by hand.`,
    { cause: lastError },
  );
}

/**
 * The authorization server metadata for a provider: discovered (OpenID Connect Discovery or
 * RFC 8414, cached) when the provider has an issuer, otherwise built from explicit endpoints; any
 * endpoint set in config.json wins over discovery. With `useProxy`, the token and revocation
 * endpoints become the proxy's routes for this provider.
 * @see https://www.rfc-editor.org/rfc/rfc8414
 */
export async function getAuthorizationServer(
  provider: ResolvedProvider,
  fetchImpl: FetchLike,
): Promise<oauth.AuthorizationServer> {
  let metadata: { -readonly [K in keyof oauth.AuthorizationServer]: oauth.AuthorizationServer[K] };
  const explicit = provider.authorizationEndpoint && provider.tokenEndpoint;
  if (provider.issuer && !explicit) {
    let pending = discoveryCache.get(provider.issuer);
    if (!pending) {
      pending = discover(provider.issuer, fetchImpl);
      discoveryCache.set(provider.issuer, pending);
      pending.catch(() => discoveryCache.delete(provider.issuer!));
    }
    metadata = { ...(await pending) };
  } else if (explicit) {
    metadata = {
      // Without a declared issuer, the authorization endpoint's origin stands for it, so a
      // transaction still remembers which server it went to.
      issuer: provider.issuer ?? new URL(provider.authorizationEndpoint!).origin,
    };
  } else {
    throw new KeyfobError(
      ErrorCode.CONFIG,
      `providers.${provider.id} needs an issuer, or authorizationEndpoint and tokenEndpoint.`,
    );
  }
  if (provider.authorizationEndpoint)
    metadata.authorization_endpoint = provider.authorizationEndpoint;
  if (provider.tokenEndpoint) metadata.token_endpoint = provider.tokenEndpoint;
  if (provider.revocationEndpoint) metadata.revocation_endpoint = provider.revocationEndpoint;
  if (provider.useProxy && provider.proxyUrl) {
    const proxy = provider.proxyUrl.replace(/\/+$/, '');
    metadata.token_endpoint = `${proxy}/token/${provider.id}`;
    if (metadata.revocation_endpoint || provider.supportsRevocation) {
      metadata.revocation_endpoint = `${proxy}/revoke/${provider.id}`;
    }
  }
  if (!metadata.authorization_endpoint || !metadata.token_endpoint) {
    throw new KeyfobError(
      ErrorCode.CONFIG,
      `${provider.name} has no ${metadata.authorization_endpoint ? 'token' : 'authorization'} endpoint: set it in config.json.`,
    );
  }
  return checkEndpoints(metadata, provider);
}
