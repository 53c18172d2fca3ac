import type { ResolvedProvider } from '../config/resolve';
import type { ConnectionStore } from '../vault/connections';
import { apiRequestHeaders } from './api-request';
import { credentialSecrets, errorInput, noActivity, type ActivityRecorder } from './activity';
import { apiUrl } from './api-url';
import { refuseIfRebound } from './binding';
import { dpopResourceRequest, type DPoPKeys } from './dpop';
import { ErrorCode, KeyfobError } from './errors';
import { networkFetch, providerHttpError, type FetchLike } from './http';
import type { LockManagerLike } from './locks';
import type { TokenRefresher } from './refresh';
import { createDiscoveryCache, type DiscoveryCache } from './server-metadata';
import { callUrl, discoveredUserInfoEndpoint } from './userinfo-target';
import type { Connection } from './types';

/**
 * Calls a connection's provider API: `input` is a path under the provider's API base URL (or a
 * full URL under it); for a provider without one, exactly its discovered UserInfo endpoint. Resolves with the provider's successful Response; rejects with a KeyfobError.
 */
export type AuthorizedFetch = (
  connectionId: string,
  input: string,
  init?: RequestInit,
) => Promise<Response>;

export interface AuthorizedFetchDeps {
  provider(id: string): ResolvedProvider | undefined;
  connections: ConnectionStore;
  refresher: TokenRefresher;
  appOrigin: string;
  fetch?: FetchLike;
  now?: () => number;
  /** navigator.onLine in the browser: tells "offline" from "blocked" when a request fails. */
  online?: () => boolean;
  /** Per API call (DEFAULT_TIMEOUT_MS when absent). */
  timeoutMs?: number;
  /** The refresher's locks, so marking a connection does not overwrite another tab's rotation. */
  locks?: LockManagerLike;
  /** The DPoP key pairs: a DPoP-bound connection's calls carry a proof (RFC 9449 7). */
  dpop?: DPoPKeys;
  /** Keeps each call (method, URL, status, time, DPoP proof) in the connection's Activity. */
  activity?: ActivityRecorder;
  /** Discovery answers shared with the page: where a provider without an API base has UserInfo. */
  discovery?: DiscoveryCache;
}

/** What one call did, filled in as it goes, for its Activity entry. */
interface CallTrace {
  url?: string;
  status?: number;
  dpop?: boolean;
  secrets: (string | undefined)[];
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function said(body: unknown): string | undefined {
  const b = body as Record<string, unknown> | null | undefined;
  const text =
    typeof b === 'string' ? b : (b?.error_description ?? b?.message ?? b?.detail ?? b?.error);
  return typeof text === 'string' && text.length <= 300 ? text : undefined;
}

/**
 * Builds `authorizedFetch`: adds the connection's credential (RFC 6750 Bearer, or Basic for a
 * token + secret) and the provider's extra headers (e.g. VideoAsk's `organization-id`, from the
 * identity's details), resolves paths against the API base URL (through the proxy's relay for
 * providers with `useApiRelay`), refreshes before expiry, and once more after a 401 before
 * retrying once. Failures are typed: NEEDS_RECONNECT, RATE_LIMITED (with retryAfterSeconds),
 * PROVIDER_ERROR (status and the provider's own body), PROVIDER_CHANGED (the provider id now points
 * elsewhere: nothing is sent), and the failed-call codes CORS_BLOCKED, OFFLINE, UNREACHABLE and
 * TIMEOUT (from the shared network wrapper).
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function createAuthorizedFetch(deps: AuthorizedFetchDeps): AuthorizedFetch {
  const now = deps.now ?? Date.now;
  const fetchImpl = networkFetch(deps, 'API call');
  const activity = deps.activity ?? noActivity;
  const discovery = deps.discovery ?? createDiscoveryCache();
  const discoveryFetch = networkFetch(deps, 'discovery');

  async function send(
    provider: ResolvedProvider,
    connection: Connection,
    url: string,
    init: RequestInit | undefined,
    proofUrl: string,
    trace: CallTrace,
  ): Promise<Response> {
    const headers = apiRequestHeaders(provider, connection, init);
    const credential = connection.credential;
    trace.secrets.push(...credentialSecrets(credential), headers.get('authorization') ?? undefined);
    trace.dpop = connection.dpop !== undefined && credential?.kind === 'oauth';
    if (!connection.dpop || connection.credential?.kind !== 'oauth') {
      const response = await fetchImpl(url, { ...init, headers });
      trace.status = response.status;
      return response;
    }
    if (!deps.dpop) throw new KeyfobError(ErrorCode.CONFIG, 'DPoP keys are not available here.');
    const handle = await deps.dpop.handle(connection);
    const response = await dpopResourceRequest(
      fetchImpl,
      handle,
      connection.credential.accessToken,
      {
        // The proof names the provider's own URL (RFC 9449 4.2 htu), also when the relay carries it.
        proofUrl,
        sendUrl: url,
        init,
        headers,
      },
    );
    trace.status = response.status;
    return response;
  }

  async function failure(provider: ResolvedProvider, response: Response): Promise<KeyfobError> {
    const body = await readBody(response);
    const details = { status: response.status, body, providerId: provider.id };
    const words = said(body);
    if (response.status === 401) {
      return new KeyfobError(
        ErrorCode.NEEDS_RECONNECT,
        `${provider.name} refused the access token (HTTP 401${words ? `: ${words}` : ''}), even after a refresh. Connect again.`,
        details,
      );
    }
    return providerHttpError(provider, response, body, words, now());
  }

  async function call(
    connectionId: string,
    input: string,
    init: RequestInit | undefined,
    trace: CallTrace,
  ): Promise<Response> {
    let connection = await deps.connections.get(connectionId);
    if (!connection) {
      throw new KeyfobError(ErrorCode.NOT_FOUND, 'This connection is not on this device.');
    }
    if (connection.status === 'needs-reconnect' || !connection.credential) {
      throw new KeyfobError(
        ErrorCode.NEEDS_RECONNECT,
        connection.statusReason ?? `${connection.providerName} needs to be connected again.`,
        { providerId: connection.providerId },
      );
    }
    const provider = deps.provider(connection.providerId);
    if (!provider) {
      throw new KeyfobError(
        ErrorCode.CONFIG,
        `${connection.providerName} is no longer configured here.`,
      );
    }
    await refuseIfRebound(deps, connection, provider);
    const userInfo = provider.apiBaseUrl
      ? undefined
      : await discoveredUserInfoEndpoint(provider, discoveryFetch, discovery);
    const url = callUrl(provider, input, userInfo);
    trace.url = url;
    const proofUrl =
      provider.useApiRelay && provider.apiBaseUrl
        ? apiUrl({ ...provider, useApiRelay: false }, input)
        : url;
    const oauthCredential =
      connection.credential.kind === 'oauth' ? connection.credential : undefined;
    if (oauthCredential && deps.refresher.needsRefresh(connection)) {
      if (oauthCredential.refreshToken) {
        connection = await deps.refresher.ensureFresh(connectionId);
      } else if (connection.expiresAt !== undefined && connection.expiresAt <= now()) {
        throw new KeyfobError(
          ErrorCode.NEEDS_RECONNECT,
          `${provider.name}'s access expired and it gave no refresh token. Connect again.`,
          { providerId: provider.id },
        );
      }
    }
    let response = await send(provider, connection, url, init, proofUrl, trace);
    if (response.status === 401 && connection.credential?.kind === 'oauth') {
      const stale = connection.credential.accessToken;
      if (connection.credential.refreshToken) {
        await response.body?.cancel().catch(() => undefined);
        connection = await deps.refresher.refresh(connectionId, { staleAccessToken: stale });
        response = await send(provider, connection, url, init, proofUrl, trace);
      }
    }
    if (response.ok) return response;
    throw await failure(provider, response);
  }

  return async function authorizedFetch(connectionId, input, init) {
    const started = now();
    const trace: CallTrace = { secrets: [] };
    const method = (init?.method ?? 'GET').toUpperCase();
    const entry = () => ({
      kind: 'api-call' as const,
      summary: `${method} ${trace.url ?? input}: ${trace.status ? `HTTP ${trace.status}` : 'no answer'}`,
      details: {
        method,
        url: trace.url ?? input,
        status: trace.status,
        duration: `${Math.max(0, now() - started)} ms`,
      },
      dpop: trace.dpop,
      secrets: trace.secrets,
    });
    try {
      const response = await call(connectionId, input, init, trace);
      await activity.record(connectionId, entry());
      return response;
    } catch (error) {
      const failed = entry();
      await activity.record(connectionId, {
        ...failed,
        ...errorInput('API call', error, trace.secrets),
        summary: `${failed.summary}: ${(error as { code?: string }).code ?? 'ERROR'}`,
        details: { ...failed.details, ...errorInput('API call', error).details },
      });
      throw error;
    }
  };
}
