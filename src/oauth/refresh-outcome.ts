import type * as oauth from 'oauth4webapi';
import type { ResolvedProvider } from '../config/resolve';
import { providerBinding } from './binding';
import { ErrorCode, KeyfobError } from './errors';
import { decodeJwt } from './token-claims';
import type { Connection } from './types';

/**
 * The error for a refresh token the provider refused with `invalid_grant`. When an earlier
 * refresh was sent and never answered (`lostEarlier`), the likely cause is a rotated token that
 * never arrived, not a revocation, and the message says so.
 */
export function invalidGrantFailure(
  provider: Pick<ResolvedProvider, 'id' | 'name'>,
  error: oauth.ResponseBodyError,
  lostEarlier: number | undefined,
): KeyfobError {
  const details = {
    oauthError: error.error,
    oauthErrorDescription: error.error_description,
    status: error.status,
    providerId: provider.id,
    cause: error,
  };
  return lostEarlier !== undefined
    ? new KeyfobError(
        ErrorCode.REFRESH_ANSWER_LOST,
        `${provider.name} no longer accepts the stored refresh token (invalid_grant). An earlier refresh, sent ${new Date(lostEarlier).toISOString()}, never got its answer (the tab closed or the network dropped), so the new refresh token ${provider.name} issued then never reached this browser. Your access was most likely not revoked: reconnect once to get new tokens.`,
        details,
      )
    : new KeyfobError(
        ErrorCode.NEEDS_RECONNECT,
        `${provider.name} no longer accepts the refresh token (invalid_grant): it was revoked, expired or replaced. Connect again.`,
        details,
      );
}

/** The connection after a successful refresh: the new token set, written as one record. */
export function refreshedConnection(
  current: Connection,
  provider: ResolvedProvider,
  tokens: oauth.TokenEndpointResponse,
  refreshToken: string,
  obtainedAt: number,
): Connection {
  return {
    ...current,
    updatedAt: obtainedAt,
    obtainedAt,
    refreshedAt: obtainedAt,
    expiresAt:
      typeof tokens.expires_in === 'number' ? obtainedAt + tokens.expires_in * 1000 : undefined,
    grantedScopes: tokens.scope ? tokens.scope.split(' ').filter(Boolean) : current.grantedScopes,
    hasRefreshToken: true,
    status: 'connected',
    statusReason: undefined,
    statusCode: undefined,
    binding: providerBinding(provider),
    refreshSentAt: undefined,
    tokens: { ...current.tokens, accessToken: decodeJwt(tokens.access_token) },
    credential: {
      kind: 'oauth',
      accessToken: tokens.access_token,
      tokenType: tokens.token_type,
      // No refresh token in the answer: the old one stays valid (RFC 6749 6).
      refreshToken: tokens.refresh_token ?? refreshToken,
    },
  };
}
