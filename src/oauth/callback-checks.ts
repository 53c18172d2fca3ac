import type * as oauth from 'oauth4webapi';
import type { ResolvedProvider } from '../config/resolve';
import { ErrorCode, KeyfobError } from './errors';
import type { Transaction } from './types';

/**
 * The provider a flow starts or completes with: configured, and signed in with OAuth (a provider
 * set to an API key has no authorization to start).
 */
export function requireOAuthProvider(
  provider: ResolvedProvider | undefined,
  id: string,
): ResolvedProvider {
  if (!provider) throw new KeyfobError(ErrorCode.CONFIG, `No provider "${id}" is configured.`);
  if (provider.authMethod !== 'oauth') {
    // WhatConverts by default, CloudConvert set to "api-key": there is no authorization to start.
    throw new KeyfobError(
      ErrorCode.CONFIG,
      `${provider.name} is connected with an API key here, not OAuth (providers.${provider.id}.authMethod).`,
    );
  }
  if (!provider.configured) {
    throw new KeyfobError(
      provider.needsClientSecret && !provider.useProxy
        ? ErrorCode.PROXY_REQUIRED
        : ErrorCode.CONFIG,
      `${provider.name} is not configured: set ${provider.missing.join(', ')} in config.json.`,
    );
  }
  return provider;
}

/**
 * Mix-up defence (RFC 9700 4.4.2): each provider has its own redirect URI, so a code its provider
 * sent elsewhere (an honest server's code bounced through another provider's authorize endpoint)
 * arrives on the wrong one and is never exchanged.
 */
export function checkRedirectUri(arrivedAt: string, transaction: Transaction): void {
  if (arrivedAt !== transaction.redirectUri) {
    throw new KeyfobError(
      ErrorCode.REDIRECT_URI_MISMATCH,
      `This sign-in response arrived at ${arrivedAt}, but the sign-in was started for "${transaction.providerId}", whose redirect URI is ${transaction.redirectUri}. It was refused and nothing was exchanged.`,
      { providerId: transaction.providerId },
    );
  }
}

/**
 * Mix-up defence (RFC 9207): the answer must come from the server this transaction went to, and
 * name itself (`iss`) where that server promises to.
 * @see https://www.rfc-editor.org/rfc/rfc9207
 */
export function checkIssuer(
  provider: ResolvedProvider,
  as: oauth.AuthorizationServer,
  transaction: Transaction,
  iss: string | null,
): void {
  if (iss !== null && iss !== transaction.issuer && provider.issuer === undefined) {
    // Explicit endpoints without an issuer: the endpoint's origin stood in for it, and the server
    // names itself otherwise. Keyfob cannot tell its own name from a mix-up, so it says what to set.
    throw new KeyfobError(
      ErrorCode.ISSUER_MISMATCH,
      `This server identifies itself as ${iss}: set issuer to ${iss} (providers.${provider.id}.issuer) and connect again.`,
    );
  }
  if (as.issuer !== transaction.issuer || (iss !== null && iss !== transaction.issuer)) {
    throw new KeyfobError(
      ErrorCode.ISSUER_MISMATCH,
      `The response came from "${iss ?? as.issuer}", not from ${transaction.issuer} where this sign-in was sent.`,
    );
  }
  if (iss === null && as.authorization_response_iss_parameter_supported) {
    throw new KeyfobError(
      ErrorCode.ISSUER_MISMATCH,
      `${provider.name} promises to name itself in its response (iss), and this response does not.`,
    );
  }
}
