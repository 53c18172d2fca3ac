import * as oauth from 'oauth4webapi';
import type { ResolvedProvider } from '../config/resolve';
import type { ConnectionStore } from '../vault/connections';
import { tokenEndpointFetch } from './adapters';
import { errorInput, noActivity, type ActivityRecorder } from './activity';
import { tokenResponseEntry } from './activity-entries';
import { bindingProblem, markedFor, providerBinding } from './binding';
import { withNonceRetry, type DPoPKeys } from './dpop';
import { ErrorCode, KeyfobError } from './errors';
import { networkFetch, requestOptions, type FetchLike } from './http';
import {
  createLocalLocks,
  DEFAULT_LOCK_WAIT_MS,
  refreshLockName,
  type LockManagerLike,
} from './locks';
import { createDiscoveryCache, getAuthorizationServer } from './server-metadata';
import type { DiscoveryCache } from './server-metadata';
import { oauthClient } from './client';
import { decodeJwt } from './token-claims';
import { toKeyfobError } from './to-keyfob-error';
import type { Connection, Credential } from './types';

// Kept apart so the pages' refresh timer does not load the protocol core.
import { DEFAULT_CLOCK_SKEW_MS, needsRefresh } from './refresh-due';
export { DEFAULT_CLOCK_SKEW_MS, needsRefresh, refreshDueAt } from './refresh-due';

export interface RefreshDeps {
  provider(id: string): ResolvedProvider | undefined;
  connections: ConnectionStore;
  appOrigin: string;
  fetch?: FetchLike;
  now?: () => number;
  /** Web Locks (navigator.locks) in the browser; one lock per name and realm otherwise. */
  locks?: LockManagerLike;
  clockSkewMs?: number;
  online?: () => boolean;
  /** Per network call (DEFAULT_TIMEOUT_MS when absent). */
  timeoutMs?: number;
  /** How long to wait for another tab's refresh (DEFAULT_LOCK_WAIT_MS when absent). */
  lockWaitMs?: number;
  /** The DPoP key pairs: a DPoP-bound connection refreshes with a proof of its key. */
  dpop?: DPoPKeys;
  /** Discovery answers shared with the rest of the page (bootstrap makes one); a fresh one when absent. */
  discovery?: DiscoveryCache;
  /** Keeps each refresh (and its failure) in the connection's Activity. */
  activity?: ActivityRecorder;
}

export interface RefreshOptions {
  /**
   * The access token the provider just refused (a 401). The refresh happens unless storage
   * already holds another access token, i.e. another tab or call refreshed meanwhile.
   */
  staleAccessToken?: string;
}

function reconnect(connection: Pick<Connection, 'providerName'>, why: string, cause?: unknown) {
  return new KeyfobError(
    ErrorCode.NEEDS_RECONNECT,
    `${connection.providerName}: ${why} Connect again.`,
    { cause },
  );
}

/**
 * Renews access tokens with the refresh token grant (RFC 6749 section 6), once per connection at a
 * time: calls in this tab share one request, and tabs take the Web Lock `keyfob-refresh:<id>`.
 * Whoever holds the lock reads storage again first, so a rotated refresh token is never sent twice:
 * when another tab already refreshed, its tokens are used. The new token set is written in one
 * record; a response without a refresh token keeps the old one (RFC 6749 6, RFC 9700 4.14.2).
 * `invalid_grant` marks the connection "needs reconnect", unless storage meanwhile holds a newer
 * refresh token than the one that was refused.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function createTokenRefresher(deps: RefreshDeps) {
  const now = deps.now ?? Date.now;
  const skew = deps.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const locks = deps.locks ?? createLocalLocks();
  const baseFetch = networkFetch(deps, 'token refresh');
  const discovery = deps.discovery ?? createDiscoveryCache();
  const inFlight = new Map<string, Promise<Connection>>();
  const activity = deps.activity ?? noActivity;

  function requireDPoP(): DPoPKeys {
    if (!deps.dpop) throw new KeyfobError(ErrorCode.CONFIG, 'DPoP keys are not available here.');
    return deps.dpop;
  }

  async function readUsable(id: string): Promise<Connection & { credential: Credential }> {
    const connection = await deps.connections.get(id);
    if (!connection) {
      throw new KeyfobError(ErrorCode.NOT_FOUND, 'This connection is not on this device.');
    }
    const { credential } = connection;
    if (connection.status === 'needs-reconnect' || !credential) {
      throw reconnect(connection, connection.statusReason ?? 'the stored credential is unusable.');
    }
    return { ...connection, credential };
  }

  async function grant(
    provider: ResolvedProvider,
    refreshToken: string,
    beforeSending: () => Promise<void>,
    dpop: oauth.DPoPHandle | undefined,
    /** Filled with the token endpoint's URL and status, for the Activity entry. */
    answered: { status?: number; endpoint?: string },
  ): Promise<oauth.TokenEndpointResponse> {
    const as = await getAuthorizationServer(provider, baseFetch, discovery);
    await beforeSending();
    const client = oauthClient(provider);
    const options = {
      ...requestOptions(as.token_endpoint, tokenEndpointFetch(provider, baseFetch, now)),
      DPoP: dpop,
    };
    answered.endpoint = as.token_endpoint;
    return withNonceRetry(async () => {
      const response = await oauth.refreshTokenGrantRequest(
        as,
        client,
        oauth.None(),
        refreshToken,
        options,
      );
      answered.status = response.status;
      return oauth.processRefreshTokenResponse(as, client, response);
    });
  }

  async function underLock(id: string, force: boolean, stale?: string): Promise<Connection> {
    const current = await readUsable(id);
    const { credential } = current;
    if (credential.kind !== 'oauth') return current;
    const done = force
      ? stale !== undefined && credential.accessToken !== stale
      : !needsRefresh(current, now(), skew);
    if (done) return current;
    const refreshToken = credential.refreshToken;
    if (!refreshToken) {
      throw reconnect(current, 'access expired and the provider gave no refresh token.');
    }
    const provider = deps.provider(current.providerId);
    if (!provider?.clientId) {
      throw reconnect(current, 'this provider is no longer configured here, so it cannot refresh.');
    }
    const rebound = bindingProblem(current, provider);
    if (rebound) {
      await deps.connections.save(markedFor(current, rebound));
      throw rebound;
    }
    // Recorded before the request goes out, cleared with its answer: if this tab closes or the
    // network drops after the provider rotated the token, the next try knows an answer was lost.
    const lostEarlier = current.refreshSentAt;
    const markSent = async () => {
      // A disconnect that stopped waiting for this lock may have removed it: stay gone.
      if (!(await deps.connections.get(id))) {
        throw new KeyfobError(ErrorCode.NOT_FOUND, 'This connection was disconnected meanwhile.');
      }
      await deps.connections.save({
        ...current,
        binding: current.binding ?? providerBinding(provider),
        refreshSentAt: now(),
      });
    };
    // A DPoP-bound refresh token is only accepted with a proof of the same key (RFC 9449 5).
    const dpop = current.dpop ? await requireDPoP().handle(current) : undefined;
    let tokens: oauth.TokenEndpointResponse;
    const secrets = [refreshToken, credential.accessToken];
    const answered: { status?: number; endpoint?: string } = {};
    try {
      tokens = await grant(provider, refreshToken, markSent, dpop, answered);
    } catch (error) {
      await activity.record(
        id,
        errorInput('token refresh', toKeyfobError(error, provider.name), secrets),
      );
      // Any answer from the token endpoint means this request's answer was not lost.
      const answered =
        error instanceof oauth.ResponseBodyError || error instanceof oauth.OperationProcessingError;
      if (answered) await clearSent(id, refreshToken);
      if (error instanceof oauth.ResponseBodyError && error.error === 'invalid_grant') {
        const latest = await deps.connections.get(id);
        const latestToken =
          latest?.credential?.kind === 'oauth' ? latest.credential.refreshToken : undefined;
        if (latest && latest.status === 'connected' && latestToken !== refreshToken) return latest;
        const details = {
          oauthError: error.error,
          oauthErrorDescription: error.error_description,
          status: error.status,
          providerId: provider.id,
          cause: error,
        };
        const failure =
          lostEarlier !== undefined
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
        if (latest?.credential) {
          await deps.connections.save({ ...markedFor(latest, failure), refreshSentAt: undefined });
        }
        throw failure;
      }
      throw toKeyfobError(error, provider.name);
    }
    const obtainedAt = now();
    const updated: Connection = {
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
    // Disconnected meanwhile (a disconnect that gave up waiting for this lock): stay gone.
    if (!(await deps.connections.get(id))) {
      throw new KeyfobError(ErrorCode.NOT_FOUND, 'This connection was disconnected meanwhile.');
    }
    await deps.connections.save(updated);
    await activity.record(
      id,
      tokenResponseEntry('refresh', answered.endpoint, answered.status, tokens, {
        dpop: dpop !== undefined,
        rotated: tokens.refresh_token !== undefined && tokens.refresh_token !== refreshToken,
        secrets,
      }),
    );
    return updated;
  }

  /** The refresh with `refreshToken` was answered: its answer is no longer missing. */
  async function clearSent(id: string, refreshToken: string) {
    const latest = await deps.connections.get(id);
    const token = latest?.credential?.kind === 'oauth' ? latest.credential.refreshToken : undefined;
    if (latest?.refreshSentAt !== undefined && token === refreshToken) {
      await deps.connections.save({ ...latest, refreshSentAt: undefined });
    }
  }

  function run(id: string, force: boolean, stale?: string): Promise<Connection> {
    let pending = inFlight.get(id);
    if (!pending) {
      pending = locks
        .request(refreshLockName(id), () => underLock(id, force, stale), {
          waitMs: deps.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
          step: 'waiting for another tab to refresh',
        })
        .finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    return pending;
  }

  /** The connection with an access token that is not about to expire, refreshing when needed. */
  async function ensureFresh(id: string): Promise<Connection> {
    return run(id, false);
  }

  /** Refreshes after the provider refused `staleAccessToken`, unless someone already did. */
  async function refresh(id: string, options: RefreshOptions = {}): Promise<Connection> {
    const first = await run(id, true, options.staleAccessToken);
    const token = first.credential?.kind === 'oauth' ? first.credential.accessToken : undefined;
    // Joined a refresh that found nothing to do: the refused token is still the stored one.
    if (options.staleAccessToken !== undefined && token === options.staleAccessToken) {
      return run(id, true, options.staleAccessToken);
    }
    return first;
  }

  /**
   * Refreshes every connection that is near expiry and has a refresh token: what a tab does when
   * it wakes (focus, visibility, online), since timers do not run while a laptop sleeps. Failures
   * are recorded on the connection (needs reconnect) or left for the next call to report.
   */
  async function refreshDue(): Promise<void> {
    const all = await deps.connections.list();
    const due = all.filter(
      (c) =>
        c.status === 'connected' &&
        c.credential?.kind === 'oauth' &&
        c.credential.refreshToken !== undefined &&
        needsRefresh(c, now(), skew),
    );
    await Promise.allSettled(due.map((c) => ensureFresh(c.id)));
  }

  /**
   * "Refresh now": renews the access token even though it is not due. A refresh already running in
   * this tab is joined; another tab's is waited for, and then this one still renews.
   */
  function refreshNow(id: string): Promise<Connection> {
    return run(id, true);
  }

  return {
    ensureFresh,
    refresh,
    refreshNow,
    refreshDue,
    needsRefresh: (c: Connection) => needsRefresh(c, now(), skew),
  };
}

export type TokenRefresher = ReturnType<typeof createTokenRefresher>;
