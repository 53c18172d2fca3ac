import type { ResolvedProvider } from '../config/resolve';
import { probeBrowserAccess, type EndpointAccess, type ProbeTarget } from './browser-access';
import { describingNetworkErrors, type FetchLike } from './http';
import { getAuthorizationServer, type DiscoveryCache } from './server-metadata';

/** What a person should know about an authorization server before adding it. */
export interface ServerSummary {
  issuer: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  /** `code_challenge_methods_supported`; undefined when the server does not say. */
  pkceMethods?: string[];
  /** RFC 9207: the server names itself in authorization responses. */
  issParameter: boolean;
  scopesSupported?: string[];
  /** From discovery (true) or from explicit endpoints only (false). */
  discovered: boolean;
  /** Whether the browser lets this page call each of the provider's own endpoints. */
  browserAccess?: EndpointAccess[];
}

/**
 * Reads what a server supports, through discovery when the provider has an issuer (the same
 * discovery and endpoint rules the flow uses, so what is shown is what will be used).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export async function summariseServer(
  provider: ResolvedProvider,
  fetchImpl: FetchLike,
  appOrigin: string,
  discovery: DiscoveryCache,
): Promise<ServerSummary> {
  const described = describingNetworkErrors(fetchImpl, { appOrigin });
  const as = await getAuthorizationServer(provider, described, discovery);
  // The provider's own endpoints, not the proxy's routes: whether they admit browsers is the point.
  const own = provider.useProxy
    ? await getAuthorizationServer({ ...provider, useProxy: false }, described, discovery)
    : as;
  const proxiedToken = own.token_endpoint !== as.token_endpoint;
  const targets: ProbeTarget[] = [
    { endpoint: 'token', url: own.token_endpoint, proxied: proxiedToken },
    ...(own.revocation_endpoint
      ? [{ endpoint: 'revocation' as const, url: own.revocation_endpoint, proxied: proxiedToken }]
      : []),
    ...(own.userinfo_endpoint
      ? [{ endpoint: 'userinfo' as const, url: own.userinfo_endpoint, proxied: false }]
      : []),
    ...(provider.apiBaseUrl
      ? [
          {
            endpoint: 'api' as const,
            url: provider.apiBaseUrl,
            proxied: provider.useApiRelay === true,
          },
        ]
      : []),
  ];
  const browserAccess = await probeBrowserAccess(targets, fetchImpl);
  const discovered =
    provider.issuer !== undefined && !(provider.authorizationEndpoint && provider.tokenEndpoint);
  return {
    issuer: as.issuer,
    authorizationEndpoint: as.authorization_endpoint,
    tokenEndpoint: as.token_endpoint,
    revocationEndpoint: as.revocation_endpoint,
    pkceMethods: as.code_challenge_methods_supported
      ? [...as.code_challenge_methods_supported]
      : undefined,
    issParameter: as.authorization_response_iss_parameter_supported === true,
    scopesSupported: as.scopes_supported ? [...as.scopes_supported] : undefined,
    discovered,
    browserAccess,
  };
}
