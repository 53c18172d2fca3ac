import * as oauth from 'oauth4webapi';
import type { ResolvedProvider } from '../config/resolve';
import type { Cipher } from '../vault/cipher';
import type { ConnectionStore } from '../vault/connections';
import type { KeyValueStore } from '../vault/store';
import { tokenEndpointFetch } from './adapters';
import { dpopFetch, wantsDPoP, withNonceRetry, type DPoPKeys } from './dpop';
import { ErrorCode, KeyfobError } from './errors';
import { providerBinding } from './binding';
import { networkFetch, requestOptions, type FetchLike } from './http';
import { identityFromClaims, probeIdentity } from './identity';
import { webCryptoRandomness, type Randomness } from './random';
import { safeReturnTo } from './return-to';
import { getAuthorizationServer } from './server-metadata';
import { toKeyfobError } from './to-keyfob-error';
import {
  providerOfTransaction,
  saveTransaction,
  sweepTransactions,
  takeTransaction,
} from './transactions';
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
}

export interface StartOptions {
  returnTo?: string;
  /** Scopes the person picked; the provider's defaults otherwise. */
  scopes?: string[];
  /** Reconnect this connection instead of adding a new one. */
  connectionId?: string;
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
  const inFlight = new Map<string, Promise<CompletedAuthorization>>();

  function requireProvider(id: string): ResolvedProvider {
    const provider = deps.provider(id);
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
   * Starts an authorization: makes the PKCE verifier and S256 challenge, a one-time `state` (and
   * `nonce` when `openid` is asked for), stores the transaction and returns the authorize URL for
   * the caller to navigate to.
   * @see https://www.rfc-editor.org/rfc/rfc7636#section-4
   */
  async function startAuthorization(providerId: string, options: StartOptions = {}): Promise<URL> {
    const provider = requireProvider(providerId);
    const as = await getAuthorizationServer(provider, baseFetch);
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
    };
    const url = new URL(as.authorization_endpoint!);
    for (const [name, value] of Object.entries(provider.extraAuthorizationParams)) {
      url.searchParams.set(name, value);
    }
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', provider.clientId!);
    url.searchParams.set('redirect_uri', redirectUri);
    if (scopes.length > 0) url.searchParams.set('scope', scopes.join(' '));
    url.searchParams.set('state', transaction.state);
    if (transaction.nonce) url.searchParams.set('nonce', transaction.nonce);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
    if (!provider.omitCodeChallengeMethod) url.searchParams.set('code_challenge_method', 'S256');
    await saveTransaction(deps.transactions, deps.transactionCipher, transaction);
    return url;
  }

  async function complete(
    params: URLSearchParams,
    state: string,
    arrivedAt: string,
  ): Promise<CompletedAuthorization> {
    const transaction = await takeTransaction(
      deps.transactions,
      deps.transactionCipher,
      state,
      now(),
    );
    // Mix-up defence (RFC 9700 4.4.2): each provider has its own redirect URI, so a code its
    // provider sent elsewhere (an honest server's code bounced through another provider's
    // authorize endpoint) arrives on the wrong one and is never exchanged.
    if (arrivedAt !== transaction.redirectUri) {
      throw new KeyfobError(
        ErrorCode.REDIRECT_URI_MISMATCH,
        `This sign-in response arrived at ${arrivedAt}, but the sign-in was started for "${transaction.providerId}", whose redirect URI is ${transaction.redirectUri}. It was refused and nothing was exchanged.`,
        { providerId: transaction.providerId },
      );
    }
    const provider = requireProvider(transaction.providerId);
    const as = await getAuthorizationServer(provider, baseFetch);
    const client: oauth.Client = { client_id: provider.clientId! };
    const iss = params.get('iss');
    if (iss !== null && iss !== transaction.issuer && provider.issuer === undefined) {
      // Explicit endpoints without an issuer: the endpoint's origin stood in for it, and the server
      // names itself otherwise. Keyfob cannot tell its own name from a mix-up, so it says what to set.
      throw new KeyfobError(
        ErrorCode.ISSUER_MISMATCH,
        `This server identifies itself as ${iss}: set issuer to ${iss} (providers.${provider.id}.issuer) and connect again.`,
      );
    }
    // Mix-up defence (RFC 9207): the answer must come from the server this transaction went to.
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
    const fetchToken = tokenEndpointFetch(provider, baseFetch, now);
    const options = requestOptions(as.token_endpoint, fetchToken);
    let tokens: oauth.TokenEndpointResponse;
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
    return {
      connection: await saveConnection(provider, as, transaction, tokens, dpop),
      returnTo: transaction.returnTo,
    };
  }

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
    dpop?: oauth.DPoPHandle,
  ): Promise<Record<string, unknown>> {
    if (claims.name || !as.userinfo_endpoint) return {};
    const client: oauth.Client = { client_id: provider.clientId! };
    try {
      const options = { ...requestOptions(as.userinfo_endpoint, baseFetch), DPoP: dpop };
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
    dpop?: Awaited<ReturnType<DPoPKeys['create']>>,
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
          bound ? dpopFetch(baseFetch, bound.handle, tokens.access_token) : baseFetch,
          tokens.keyfob_grant,
        )
      : undefined;
    const identity = probed
      ? probed
      : claims
        ? identityFromClaims({
            ...claims,
            ...(await userInfo(as, provider, claims, tokens.access_token, bound?.handle)),
          })
        : undefined;
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
      grant: tokens.keyfob_grant,
      hasRefreshToken: tokens.refresh_token !== undefined,
      identity,
      idTokenClaims: claims,
      status: 'connected',
      // What this credential belongs to: it is never sent to another server under this id.
      binding: providerBinding(provider),
      dpop: bound ? { jkt: bound.jkt } : undefined,
      credential,
    };
    if (bound) await deps.dpop!.save(connection.id, bound);
    else if (existing?.dpop) await deps.dpop?.remove(connection.id);
    await deps.connections.save(connection);
    return connection;
  }

  /**
   * Finishes an authorization from the callback URL: scrubs `code` and `state` from the address bar
   * before anything else, takes the transaction for that `state` once, refuses a response that
   * arrived on another redirect URI than its provider's (RFC 9700 4.4.2), validates the response
   * (state, RFC 9207 `iss`, `error=`), exchanges the code with the verifier and no secret, and stores
   * the connection. A second call for the same URL (React StrictMode) gets the same promise.
   * @see https://www.rfc-editor.org/rfc/rfc9207
   */
  function completeAuthorization(callbackUrl: string | URL): Promise<CompletedAuthorization> {
    const url = new URL(callbackUrl);
    deps.addressBar?.replace(url.pathname);
    // A host may add a trailing slash (callback/<id>/index.html); the provider id is what counts.
    const arrivedAt = `${url.origin}${url.pathname.replace(/(.)\/$/, '$1')}`;
    const state = url.searchParams.get('state');
    if (!state) {
      return Promise.reject(
        new KeyfobError(
          ErrorCode.UNKNOWN_STATE,
          'This sign-in response carries no state, so it cannot be trusted.',
        ),
      );
    }
    let pending = inFlight.get(state);
    if (!pending) {
      pending = complete(url.searchParams, state, arrivedAt).catch(async (error: unknown) => {
        const failure = toKeyfobError(error, 'The provider');
        failure.providerId ??= await providerOfTransaction(deps.transactions, state);
        throw failure;
      });
      inFlight.set(state, pending);
    }
    return pending;
  }

  return { startAuthorization, completeAuthorization };
}

export type AuthorizationFlow = ReturnType<typeof createAuthorizationFlow>;
