import type { ResolvedProvider } from '../config/resolve';
import { describingNetworkErrors, type FetchLike } from './http';
import { getAuthorizationServer } from './server-metadata';

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
): Promise<ServerSummary> {
  const as = await getAuthorizationServer(
    provider,
    describingNetworkErrors(fetchImpl, { appOrigin }),
  );
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
  };
}
