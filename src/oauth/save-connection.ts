import * as oauth from 'oauth4webapi';
import type { ResolvedProvider } from '../config/resolve';
import type { ConnectionStore } from '../vault/connections';
import { providerBinding } from './binding';
import { dpopFetch, withNonceRetry, type DPoPKeys } from './dpop';
import type { ActivityInput } from './activity';
import { oauthClient } from './client';
import { requestOptions, type FetchLike } from './http';
import { identityFromClaims, probeIdentity } from './identity';
import type { Randomness } from './random';
import { decodeJwt } from './token-claims';
import type { Connection, Transaction } from './types';

export interface ConnectionSaverDeps {
  connections: ConnectionStore;
  dpop?: DPoPKeys;
  now: () => number;
  random: Randomness;
}

/**
 * Turns a validated token response into a stored connection: who it is (a catalog probe, the ID
 * token, UserInfo), what was granted, what it is bound to; a reconnect or the same account again
 * replaces its own connection.
 */
export function createConnectionSaver(deps: ConnectionSaverDeps) {
  const { now, random } = deps;

  /**
   * OpenID servers may keep profile claims out of the ID token and serve them from UserInfo only
   * (OpenID Connect Core 5.4), so a name comes from there when the ID token lacks one. The subject
   * must match the ID token's; a failure leaves the identity as the ID token has it.
   */
  async function userInfo(
    as: oauth.AuthorizationServer,
    provider: ResolvedProvider,
    claims: Record<string, unknown>,
    accessToken: string,
    fetchImpl: FetchLike,
    dpop?: oauth.DPoPHandle,
  ): Promise<Record<string, unknown>> {
    if (claims.name || !as.userinfo_endpoint) return {};
    const client = oauthClient(provider);
    try {
      const options = { ...requestOptions(as.userinfo_endpoint, fetchImpl), DPoP: dpop };
      const response = await withNonceRetry(() =>
        oauth.userInfoRequest(as, client, accessToken, options),
      );
      return { ...(await oauth.processUserInfoResponse(as, client, String(claims.sub), response)) };
    } catch {
      return {};
    }
  }

  async function saveConnection(
    provider: ResolvedProvider,
    as: oauth.AuthorizationServer,
    transaction: Transaction,
    tokens: oauth.TokenEndpointResponse,
    {
      dpop,
      fetchImpl,
      signal,
      trail = [],
    }: {
      dpop?: Awaited<ReturnType<DPoPKeys['create']>>;
      fetchImpl: FetchLike;
      signal?: AbortSignal;
      /** The sign-in's Activity so far: the identity check is added to it. */
      trail?: ActivityInput[];
    },
  ): Promise<Connection> {
    // A server that answers a proof with a Bearer token did not bind it: no key to keep.
    const bound = dpop !== undefined && tokens.token_type === 'dpop' ? dpop : undefined;
    const obtainedAt = now();
    const credential = {
      kind: 'oauth' as const,
      accessToken: tokens.access_token,
      tokenType: tokens.token_type,
      refreshToken: tokens.refresh_token,
    };
    const claims = oauth.getValidatedIdTokenClaims(tokens) as Record<string, unknown> | undefined;
    // A catalog probe (VideoAsk's /me and /organizations) knows more than an ID token would.
    const probed = provider.identity
      ? await probeIdentity(
          provider,
          credential,
          // A bound token is presented as DPoP with a proof, like every later API call.
          bound ? dpopFetch(fetchImpl, bound.handle, tokens.access_token) : fetchImpl,
          { grant: tokens.keyfob_grant, now },
        )
      : undefined;
    // A name UserInfo would add is fetched after the connection is stored (fillInName): the page
    // says "Connected" without waiting for it, and a failure costs the name, never the connection.
    const identity = probed ?? (claims ? identityFromClaims(claims) : undefined);
    const nameLater = !probed && claims !== undefined && !claims.name && !!as.userinfo_endpoint;
    trail.push({
      kind: 'identity-check',
      summary: probed
        ? `Asked ${provider.name}'s API who this is`
        : claims
          ? `Read from the ID token (validated by oauth4webapi)${nameLater ? '; the name from UserInfo' : ''}`
          : 'Not known: no ID token and no identity endpoint',
      details: { subject: identity?.subject, name: identity?.displayName },
      dpop: probed ? bound !== undefined : undefined,
      secrets: [tokens.access_token, tokens.refresh_token, tokens.id_token],
    });
    const idTokenHeader = decodeJwt(tokens.id_token)?.header;
    const reconnected = transaction.connectionId
      ? await deps.connections.get(transaction.connectionId)
      : undefined;
    // A reconnect only ever replaces a connection of the same provider.
    const existing = reconnected
      ? reconnected.providerId === provider.id
        ? reconnected
        : undefined
      : (await deps.connections.list()).find(
          (c) =>
            c.providerId === provider.id &&
            identity?.subject !== undefined &&
            c.identity?.subject === identity.subject,
        );
    const connection: Connection = {
      id: existing?.id ?? random.id(),
      providerId: provider.id,
      providerName: provider.name,
      authMethod: 'oauth',
      issuer: transaction.issuer,
      createdAt: existing?.createdAt ?? obtainedAt,
      updatedAt: obtainedAt,
      obtainedAt,
      expiresAt:
        typeof tokens.expires_in === 'number' ? obtainedAt + tokens.expires_in * 1000 : undefined,
      // RFC 6749 5.1: no scope in the response means the requested scope was granted.
      grantedScopes: tokens.scope ? tokens.scope.split(' ').filter(Boolean) : transaction.scopes,
      requestedScopes: transaction.scopes,
      grant: tokens.keyfob_grant,
      hasRefreshToken: tokens.refresh_token !== undefined,
      identity,
      idTokenClaims: claims,
      // Decoded parts only: the raw tokens stay in the credential.
      tokens: {
        idToken: claims && idTokenHeader ? { header: idTokenHeader, claims } : undefined,
        accessToken: decodeJwt(tokens.access_token),
      },
      status: 'connected',
      // What this credential belongs to: it is never sent to another server under this id.
      binding: providerBinding(provider),
      dpop: bound ? { jkt: bound.jkt } : undefined,
      credential,
    };
    // Cancelled while the answer was on its way: nothing of it is kept.
    signal?.throwIfAborted();
    if (bound) await deps.dpop?.save(connection.id, bound);
    else if (existing?.dpop) await deps.dpop?.remove(connection.id);
    await deps.connections.save(connection);
    if (nameLater) {
      const lookUp = () =>
        userInfo(as, provider, claims, tokens.access_token, fetchImpl, bound?.handle);
      void fillInName(connection, claims, lookUp).catch(() => undefined);
    }
    return connection;
  }

  /** Adds UserInfo's claims to a stored connection's identity, unless it changed meanwhile. */
  async function fillInName(
    saved: Connection,
    claims: Record<string, unknown>,
    lookUp: () => Promise<Record<string, unknown>>,
  ): Promise<void> {
    const extra = await lookUp();
    if (Object.keys(extra).length === 0) return;
    const latest = await deps.connections.get(saved.id);
    // Refreshed, reconnected or removed meanwhile: that newer state wins.
    if (!latest || latest.updatedAt !== saved.updatedAt) return;
    await deps.connections.save({
      ...latest,
      identity: identityFromClaims({ ...claims, ...extra }),
    });
  }

  return saveConnection;
}
