import type { DPoPKeys } from './dpop';
import { credentialSecrets, type ActivityRecorder } from './activity';
import * as oauth from 'oauth4webapi';
import type { ResolvedProvider } from '../config/resolve';
import type { ConnectionStore } from '../vault/connections';
import { bindingProblem } from './binding';
import { networkFetch, requestOptions, type FetchLike } from './http';
import { createLocalLocks, refreshLockName, type LockManagerLike } from './locks';
import {
  createDiscoveryCache,
  getAuthorizationServer,
  type DiscoveryCache,
} from './server-metadata';
import { ErrorCode, isKeyfobError } from './errors';
import type { Connection } from './types';

export interface DisconnectDeps {
  provider(id: string): ResolvedProvider | undefined;
  connections: ConnectionStore;
  appOrigin: string;
  fetch?: FetchLike;
  locks?: LockManagerLike;
  /** How long each revocation request (and discovery) may take. */
  timeoutMs?: number;
  /**
   * The most a disconnect takes (DISCONNECT_BUDGET_MS when absent): waiting for another tab's
   * lock and revoking share it, and the connection is removed here when it runs out.
   */
  budgetMs?: number;
  online?: () => boolean;
  /** The DPoP key pairs: a connection's is deleted with it. */
  dpop?: Pick<DPoPKeys, 'remove'>;
  /** Discovery answers shared with the rest of the page (bootstrap makes one); a fresh one when absent. */
  discovery?: DiscoveryCache;
  now?: () => number;
  /** The connection's Activity: the revocation is its last entry, then it goes with it. */
  activity?: Pick<ActivityRecorder, 'record' | 'forget'>;
}

/** Disconnect removes the local connection within this time, whatever else happens. */
export const DISCONNECT_BUDGET_MS = 15_000;

/**
 * What happened at the provider; locally the connection is always removed.
 * - `revoked`: every token was revoked (RFC 7009).
 * - `unsupported`: the provider has no revocation endpoint (or it is an API key, which only the
 *   provider's own site can delete); the tokens stay valid until they expire.
 * - `failed`: revocation was tried and did not succeed; `reason` says why.
 */
export interface DisconnectResult {
  connectionId: string;
  providerName: string;
  revocation: 'revoked' | 'unsupported' | 'failed';
  reason?: string;
}

/**
 * Disconnects: revokes the refresh token, then the access token (RFC 7009, with token_type_hint),
 * at the provider's revocation endpoint or the proxy's, and then removes the connection from this
 * device whatever the provider answered. It holds the connection's refresh lock, so no tab is
 * halfway through rotating the tokens being revoked.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export function createDisconnector(deps: DisconnectDeps) {
  const locks = deps.locks ?? createLocalLocks();
  const budgetMs = deps.budgetMs ?? DISCONNECT_BUDGET_MS;
  const discovery = deps.discovery ?? createDiscoveryCache();
  const now = deps.now ?? Date.now;
  // Each request gets at most what a third of the budget allows: discovery and two revocations.
  const baseFetch = networkFetch(
    { ...deps, timeoutMs: Math.min(deps.timeoutMs ?? budgetMs / 3, budgetMs / 3) },
    'revocation',
  );

  async function revoke(
    connection: Connection,
  ): Promise<Omit<DisconnectResult, 'connectionId' | 'providerName'>> {
    const credential = connection.credential;
    if (!credential) {
      return { revocation: 'failed', reason: 'the stored credential could not be read' };
    }
    if (credential.kind !== 'oauth') {
      return {
        revocation: 'unsupported',
        reason: 'an API key can only be deleted at the provider',
      };
    }
    const provider = deps.provider(connection.providerId);
    if (!provider?.clientId) {
      return { revocation: 'failed', reason: 'the provider is no longer configured here' };
    }
    const rebound = bindingProblem(connection, provider);
    if (rebound) {
      return {
        revocation: 'failed',
        reason: `${rebound.code}: the provider id now points at another server, so the tokens were not sent there to be revoked`,
      };
    }
    let as: oauth.AuthorizationServer;
    try {
      as = await getAuthorizationServer(provider, baseFetch, discovery);
    } catch (error) {
      return { revocation: 'failed', reason: (error as Error).message };
    }
    if (!as.revocation_endpoint) {
      return { revocation: 'unsupported', reason: `${provider.name} offers no token revocation` };
    }
    const client: oauth.Client = { client_id: provider.clientId };
    // The refresh token first: revoking it usually ends the whole grant, access tokens included.
    const tokens: [string, 'refresh_token' | 'access_token'][] = [];
    if (credential.refreshToken) tokens.push([credential.refreshToken, 'refresh_token']);
    tokens.push([credential.accessToken, 'access_token']);
    const failures: string[] = [];
    for (const [token, hint] of tokens) {
      try {
        const response = await oauth.revocationRequest(as, client, oauth.None(), token, {
          ...requestOptions(as.revocation_endpoint, baseFetch),
          additionalParameters: { token_type_hint: hint },
        });
        await oauth.processRevocationResponse(response);
      } catch (error) {
        const what = hint === 'refresh_token' ? 'refresh token' : 'access token';
        const why =
          error instanceof oauth.ResponseBodyError
            ? (error.error_description ?? error.error)
            : (error as Error).message;
        failures.push(`${what}: ${why}`);
      }
    }
    return failures.length === 0
      ? { revocation: 'revoked' }
      : { revocation: 'failed', reason: failures.join('; ') };
  }

  /**
   * Revokes where possible, then always removes the connection from this device, within the
   * budget: if another tab holds the lock too long, or the provider does not answer, the local
   * connection is removed anyway and the result says what could not be revoked.
   */
  async function disconnect(connectionId: string): Promise<DisconnectResult> {
    const started = now();
    let providerName = 'The connection';
    let removed = false;
    const remove = async () => {
      if (removed) return;
      removed = true;
      await deps.connections.remove(connectionId);
      // The key its tokens were bound to (DPoP) goes with it.
      await deps.dpop?.remove(connectionId).catch(() => undefined);
      // So does its Activity: nothing of a disconnected connection stays behind.
      await deps.activity?.forget(connectionId);
    };
    const work = async (): Promise<DisconnectResult> => {
      const connection = await deps.connections.get(connectionId);
      if (!connection) {
        return {
          connectionId,
          providerName,
          revocation: 'failed',
          reason: 'it was already removed from this browser',
        };
      }
      providerName = connection.providerName;
      let outcome: Omit<DisconnectResult, 'connectionId' | 'providerName'> = {
        revocation: 'failed',
        reason: 'it stopped before it finished',
      };
      try {
        outcome = await revoke(connection);
      } catch (error) {
        outcome = { revocation: 'failed', reason: (error as Error).message };
      } finally {
        await deps.activity?.record(connectionId, {
          kind: 'revocation',
          summary: `Revocation: ${outcome.revocation}`,
          details: { result: outcome.revocation, reason: outcome.reason },
          secrets: credentialSecrets(connection.credential),
        });
        await remove();
      }
      return { connectionId, providerName, ...outcome };
    };
    const locked = locks
      .request(refreshLockName(connectionId), work, {
        waitMs: budgetMs / 3,
        step: 'waiting for another tab before disconnecting',
      })
      .catch(async (error: unknown) => {
        if (isKeyfobError(error, ErrorCode.TIMEOUT)) {
          // Another tab is stuck mid-refresh: revoke without the lock (its late save is refused
          // because the connection is gone), within what is left of the budget.
          return work();
        }
        throw error;
      });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outOfTime = new Promise<DisconnectResult>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            connectionId,
            providerName,
            revocation: 'failed',
            reason: `${ErrorCode.TIMEOUT}: the provider did not finish revoking within ${Math.round(budgetMs / 1000)} s`,
          }),
        Math.max(0, budgetMs - (now() - started) - 500),
      );
    });
    try {
      return await Promise.race([locked, outOfTime]);
    } finally {
      clearTimeout(timer);
      await remove();
    }
  }

  return { disconnect };
}

export type Disconnector = ReturnType<typeof createDisconnector>;
