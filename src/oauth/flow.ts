import * as oauth from 'oauth4webapi';
import type { ResolvedProvider } from '../config/resolve';
import type { Cipher } from '../vault/cipher';
import type { ConnectionStore } from '../vault/connections';
import type { KeyValueStore } from '../vault/store';
import { tokenEndpointFetch } from './adapters';
import { errorInput, noActivity, type ActivityInput, type ActivityRecorder } from './activity';
import { authorizationRequestEntry, callbackEntry, tokenResponseEntry } from './activity-entries';
import { wantsDPoP, withNonceRetry, type DPoPKeys } from './dpop';
import { ErrorCode, isKeyfobError, KeyfobError, withProvider } from './errors';
import { networkFetch, requestOptions, type FetchLike } from './http';
import { webCryptoRandomness, type Randomness } from './random';
import { safeReturnTo } from './return-to';
import {
  createDiscoveryCache,
  getAuthorizationServer,
  type DiscoveryCache,
} from './server-metadata';
import { oauthClient } from './client';
import { toKeyfobError } from './to-keyfob-error';
import {
  providerOfTransaction,
  recordOutcome,
  saveTransaction,
  sweepTransactions,
  takeTransaction,
} from './transactions';
import { abortableFetch } from './abortable-fetch';
import { checkIssuer, checkRedirectUri, requireOAuthProvider } from './callback-checks';
import { createConnectionSaver } from './save-connection';
import type { Connection, Transaction } from './types';

/** Rewrites the address bar without a navigation (history.replaceState in the browser). */
export interface AddressBar {
  replace(url: string): void;
}

export interface OAuthDeps {
  provider(id: string): ResolvedProvider | undefined;
  transactions: KeyValueStore;
  /** Seals each transaction's verifier and nonce under the vault key while at the provider. */
  transactionCipher: Cipher;
  connections: ConnectionStore;
  /** The exact redirect URI of a provider: the app's /callback/<providerId> (RFC 9700 4.4.2). */
  redirectUri(providerId: string): string;
  appOrigin: string;
  fetch?: FetchLike;
  now?: () => number;
  random?: Randomness;
  addressBar?: AddressBar;
  /** navigator.onLine in the browser (OFFLINE); per-request timeout (DEFAULT_TIMEOUT_MS). */
  online?: () => boolean;
  timeoutMs?: number;
  /** Each connection's DPoP key pair (RFC 9449); without it, tokens are never DPoP-bound. */
  dpop?: DPoPKeys;
  /** Discovery answers shared with the rest of the page (bootstrap makes one); a fresh one when absent. */
  discovery?: DiscoveryCache;
  /** Keeps each connection's Activity (redacted); nothing is kept without it. */
  activity?: ActivityRecorder;
}

export interface StartOptions {
  returnTo?: string;
  /** Scopes the person picked; the provider's defaults otherwise. */
  scopes?: string[];
  /** Reconnect this connection instead of adding a new one. */
  connectionId?: string;
}

export interface CompleteOptions {
  /**
   * Aborts the exchange (Cancel, or the router leaving the callback): every request stops, and a
   * late answer is never stored; the transaction stays used, so its code cannot be tried again.
   */
  signal?: AbortSignal;
}

export interface CompletedAuthorization {
  connection: Connection;
  returnTo: string;
}

/**
 * The authorization code + PKCE flow for public clients (RFC 6749 4.1, RFC 7636, RFC 9700,
 * OAuth 2.0 for Browser-Based Apps). Build one per page with its dependencies injected.
 */
export function createAuthorizationFlow(deps: OAuthDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? webCryptoRandomness;
  const baseFetch = networkFetch(deps, 'identity check');
  const discovery = deps.discovery ?? createDiscoveryCache();
  const saveConnection = createConnectionSaver({ ...deps, now, random });
  const activity = deps.activity ?? noActivity;
  const requireProvider = (id: string) => requireOAuthProvider(deps.provider(id), id);

  /**
   * Starts an authorization: makes the PKCE verifier and S256 challenge, a one-time `state` (and
   * `nonce` when `openid` is asked for), stores the transaction and returns the authorize URL for
   * the caller to navigate to.
   * @see https://www.rfc-editor.org/rfc/rfc7636#section-4
   */
  async function startAuthorization(providerId: string, options: StartOptions = {}): Promise<URL> {
    const provider = requireProvider(providerId);
    const as = await getAuthorizationServer(provider, baseFetch, discovery);
    await sweepTransactions(deps.transactions, now());
    const scopes = options.scopes ?? provider.defaultScopes;
    const verifier = random.codeVerifier();
    const redirectUri = deps.redirectUri(providerId);
    const transaction: Transaction = {
      state: random.state(),
      verifier,
      // A nonce only where an ID token is expected back (VideoAsk asks for openid but sends none).
      nonce: scopes.includes('openid') && provider.requireIdToken ? random.nonce() : undefined,
      providerId,
      issuer: as.issuer,
      redirectUri,
      returnTo: safeReturnTo(options.returnTo, deps.appOrigin),
      scopes,
      createdAt: now(),
      connectionId: options.connectionId,
      server: as,
    };
    const url = new URL(as.authorization_endpoint);
    for (const [name, value] of Object.entries(provider.extraAuthorizationParams)) {
      url.searchParams.set(name, value);
    }
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', oauthClient(provider).client_id);
    url.searchParams.set('redirect_uri', redirectUri);
    if (scopes.length > 0) url.searchParams.set('scope', scopes.join(' '));
    url.searchParams.set('state', transaction.state);
    if (transaction.nonce) url.searchParams.set('nonce', transaction.nonce);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
    if (!provider.omitCodeChallengeMethod) url.searchParams.set('code_challenge_method', 'S256');
    // The connection does not exist yet: the entry waits, sealed, in the transaction.
    transaction.activity = [
      activity.entry(
        authorizationRequestEntry(url, [verifier, transaction.state, transaction.nonce ?? '']),
      ),
    ];
    await saveTransaction(deps.transactions, deps.transactionCipher, transaction);
    return url;
  }

  /** Takes the transaction once; a replay names the connection it made while that still exists. */
  async function take(state: string): Promise<Transaction> {
    try {
      return await takeTransaction(deps.transactions, deps.transactionCipher, state, now());
    } catch (error) {
      if (
        isKeyfobError(error, ErrorCode.TRANSACTION_USED) &&
        error.connectionId &&
        !(await deps.connections.get(error.connectionId).catch(() => undefined))
      ) {
        throw new KeyfobError(error.code, error.message, { providerId: error.providerId });
      }
      throw error;
    }
  }

  async function complete(
    params: URLSearchParams,
    state: string,
    arrivedAt: string,
    signal: AbortSignal | undefined,
  ): Promise<CompletedAuthorization> {
    const transaction = await take(state);
    // Taken before anything can be cancelled: an abandoned sign-in's code is never tried again.
    signal?.throwIfAborted();
    const trail: ActivityInput[] = [
      callbackEntry(params, arrivedAt, [state, transaction.verifier, transaction.nonce ?? '']),
    ];
    try {
      return await exchange(params, state, arrivedAt, transaction, trail, signal);
    } catch (error) {
      // A reconnect has a connection to tell; a first sign-in's failure is on the callback page.
      if (transaction.connectionId && !signal?.aborted) {
        await activity.record(
          transaction.connectionId,
          ...(transaction.activity ?? []),
          ...trail,
          errorInput('sign-in', error, [params.get('code') ?? undefined, transaction.verifier]),
        );
      }
      throw error;
    }
  }

  async function exchange(
    params: URLSearchParams,
    state: string,
    arrivedAt: string,
    transaction: Transaction,
    trail: ActivityInput[],
    signal: AbortSignal | undefined,
  ): Promise<CompletedAuthorization> {
    const fetchImpl = signal ? abortableFetch(baseFetch, signal) : baseFetch;
    checkRedirectUri(arrivedAt, transaction);
    const provider = requireProvider(transaction.providerId);
    // The metadata the sign-in started with travels sealed in it: no discovery before the exchange.
    const as =
      transaction.server?.issuer === transaction.issuer
        ? transaction.server
        : await getAuthorizationServer(provider, fetchImpl, discovery);
    const client = oauthClient(provider);
    checkIssuer(provider, as, transaction, params.get('iss'));
    const fetchToken = tokenEndpointFetch(provider, fetchImpl, now);
    const options = requestOptions(as.token_endpoint, fetchToken);
    let tokens: oauth.TokenEndpointResponse;
    let status: number | undefined;
    // RFC 9449: the key is made now, since the tokens are bound to it at this exchange.
    const dpop = deps.dpop && wantsDPoP(provider, as) ? await deps.dpop.create() : undefined;
    try {
      const validated = oauth.validateAuthResponse(as, client, params, transaction.state);
      tokens = await withNonceRetry(async () => {
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          oauth.None(),
          validated,
          transaction.redirectUri,
          transaction.verifier,
          { ...options, DPoP: dpop?.handle },
        );
        status = response.status;
        return oauth.processAuthorizationCodeResponse(as, client, response, {
          expectedNonce: transaction.nonce ?? oauth.expectNoNonce,
          requireIdToken: transaction.nonce !== undefined,
        });
      });
      // User Timing for `npm run bench:connect`: the moment the app holds a validated token.
      performance.mark('keyfob:token');
    } catch (error) {
      throw toKeyfobError(error, provider.name);
    }
    trail.push(
      tokenResponseEntry('code-exchange', as.token_endpoint, status, tokens, {
        dpop: dpop !== undefined,
        secrets: [params.get('code') ?? undefined, transaction.verifier],
      }),
    );
    const connection = await saveConnection(provider, as, transaction, tokens, {
      dpop,
      fetchImpl,
      signal,
      trail,
    });
    await activity.record(connection.id, ...(transaction.activity ?? []), ...trail);
    // Best effort: without it a replay is refused all the same, only without the link.
    await recordOutcome(deps.transactions, deps.transactionCipher, state, connection.id).catch(
      () => undefined,
    );
    return { connection, returnTo: transaction.returnTo };
  }

  /**
   * Finishes an authorization from the callback URL: scrubs `code` and `state` from the address bar
   * before anything else, takes the transaction for that `state` once (a second call, a replay,
   * fails with TRANSACTION_USED naming the connection the first one made), refuses a response that
   * arrived on another redirect URI than its provider's (RFC 9700 4.4.2), validates the response
   * (state, RFC 9207 `iss`, `error=`), exchanges the code with the verifier and no secret, and
   * stores the connection. `signal` cancels it: the abort reason is thrown and nothing is stored.
   * @see https://www.rfc-editor.org/rfc/rfc9207
   */
  async function completeAuthorization(
    callbackUrl: string | URL,
    { signal }: CompleteOptions = {},
  ): Promise<CompletedAuthorization> {
    const url = new URL(callbackUrl);
    deps.addressBar?.replace(url.pathname);
    // A host may add a trailing slash (callback/<id>/index.html); the provider id is what counts.
    const arrivedAt = `${url.origin}${url.pathname.replace(/(.)\/$/, '$1')}`;
    const state = url.searchParams.get('state');
    if (!state) {
      throw new KeyfobError(
        ErrorCode.UNKNOWN_STATE,
        'This sign-in response carries no state, so it cannot be trusted.',
      );
    }
    try {
      return await complete(url.searchParams, state, arrivedAt, signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const failure = toKeyfobError(error, 'The provider');
      if (failure.providerId !== undefined) throw failure;
      const providerId = await providerOfTransaction(deps.transactions, state);
      throw withProvider(
        failure,
        providerId === undefined
          ? undefined
          : { id: providerId, name: deps.provider(providerId)?.name },
      );
    }
  }

  return { startAuthorization, completeAuthorization };
}

export type AuthorizationFlow = ReturnType<typeof createAuthorizationFlow>;
