import type { ResolvedProvider } from '../config/resolve';
import type { ConnectionStore } from '../vault/connections';
import { credentialSecrets, errorInput, noActivity, type ActivityRecorder } from './activity';
import type { AuthorizedFetch } from './authorized-fetch';
import { refuseIfRebound } from './binding';
import { ErrorCode, KeyfobError, isKeyfobError } from './errors';
import { networkFetch, type FetchLike } from './http';
import { createLocalLocks, refreshLockName, type LockManagerLike } from './locks';
import { directGet, probeWith, type ProbeGet } from './identity-probe';
import type { Connection, Credential } from './types';

export interface CheckDeps {
  provider(id: string): ResolvedProvider | undefined;
  connections: ConnectionStore;
  appOrigin: string;
  /** When given, the probe goes through it, so an expired token is refreshed first. */
  api?: AuthorizedFetch;
  fetch?: FetchLike;
  now?: () => number;
  /** The refresher's locks: a save here must not land between another tab's refresh and its write. */
  locks?: LockManagerLike;
  online?: () => boolean;
  timeoutMs?: number;
  /** Keeps each check's result in the connection's Activity (its API calls record themselves). */
  activity?: ActivityRecorder;
}

/** An error that carries the provider's answer, turned back into that answer for the probe. */
function asResponse(error: KeyfobError): Response {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (error.retryAfterSeconds !== undefined)
    headers.set('retry-after', String(error.retryAfterSeconds));
  return new Response(JSON.stringify(error.body ?? null), { status: error.status, headers });
}

function sameCredential(a: Credential | undefined, b: Credential | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * "Check connection": calls the provider's identity endpoint with the stored credential (through
 * authorizedFetch when given, which refreshes an expired token first). A success refreshes what is
 * known (credits, organizations, key type); a refusal of a credential that cannot renew itself (an
 * API key, or a token without a refresh token, such as Convert's) marks the connection "needs
 * reconnect" with the provider's reason, so the page offers the one-click reconnect. What is saved
 * is merged into the connection as stored at that moment, so a token another tab refreshed meanwhile
 * is never overwritten. Throws the typed error either way, so the page can show it.
 */
export function createConnectionChecker(deps: CheckDeps) {
  const now = deps.now ?? Date.now;
  const baseFetch = networkFetch(deps, 'identity check');
  const locks = deps.locks ?? createLocalLocks();
  const activity = deps.activity ?? noActivity;

  function getter(
    provider: ResolvedProvider,
    connection: Connection,
    credential: Credential,
  ): ProbeGet {
    const api = deps.api;
    if (api) {
      return async (path) => {
        try {
          return await api(connection.id, path);
        } catch (error) {
          // The probe reads statuses itself (WhatConverts' 403 on /accounts is an answer).
          if (isKeyfobError(error) && error.status !== undefined) return asResponse(error);
          throw error;
        }
      };
    }
    return directGet(provider, credential, baseFetch);
  }

  return async function checkConnection(id: string): Promise<Connection> {
    const connection = await deps.connections.get(id);
    if (!connection) throw new KeyfobError(ErrorCode.NOT_FOUND, 'This connection is gone.');
    const provider = deps.provider(connection.providerId);
    if (!connection.credential || !provider) {
      throw new KeyfobError(
        ErrorCode.NEEDS_RECONNECT,
        connection.statusReason ?? `${connection.providerName} is no longer configured here.`,
      );
    }
    if (!provider.identity || !provider.apiBaseUrl) {
      throw new KeyfobError(
        ErrorCode.CONFIG,
        `${provider.name} has no identity endpoint to check against (set apiBaseUrl).`,
      );
    }
    await refuseIfRebound({ connections: deps.connections, locks }, connection, provider);
    let identity;
    try {
      identity = await probeWith(
        provider,
        connection.credential,
        getter(provider, connection, connection.credential),
        { grant: connection.grant, now },
      );
    } catch (error) {
      await activity.record(
        id,
        errorInput('identity check', error, credentialSecrets(connection.credential)),
      );
      const refused =
        isKeyfobError(error, ErrorCode.NEEDS_RECONNECT) ||
        isKeyfobError(error, ErrorCode.KEY_REFUSED);
      if (refused) {
        await locks.request(refreshLockName(id), async () => {
          const latest = await deps.connections.get(id);
          if (
            latest &&
            !latest.hasRefreshToken &&
            sameCredential(latest.credential, connection.credential)
          ) {
            await deps.connections.save({
              ...latest,
              status: 'needs-reconnect',
              statusReason: (error as KeyfobError).message,
              statusCode: (error as KeyfobError).code,
              updatedAt: now(),
              checkedAt: now(),
            });
          }
        });
      }
      throw error;
    }
    // Read and written under the refresh lock: a token set another tab rotates in between would
    // otherwise be overwritten with the old refresh token, which the provider then refuses. A
    // connection disconnected meanwhile stays gone.
    return locks.request(refreshLockName(id), async () => {
      const latest = await deps.connections.get(id);
      if (!latest) throw new KeyfobError(ErrorCode.NOT_FOUND, 'This connection is gone.');
      const updated: Connection = {
        ...latest,
        identity: {
          ...latest.identity,
          ...identity,
          displayName: identity?.displayName ?? latest.identity?.displayName,
        },
        status: 'connected',
        statusReason: undefined,
        statusCode: undefined,
        updatedAt: now(),
        checkedAt: now(),
      };
      await deps.connections.save(updated);
      await activity.record(id, {
        kind: 'identity-check',
        summary: `Checked with ${provider.name}: the credential works`,
        details: { subject: updated.identity?.subject, name: updated.identity?.displayName },
      });
      return updated;
    });
  };
}

export type ConnectionChecker = ReturnType<typeof createConnectionChecker>;
