import type { AuthorizationServer } from 'oauth4webapi';
import type { AuthMethod } from '../providers/types';
import type { ActivityEntry } from './activity';
import type { TokenDetails } from './token-claims';

/** The secret part of an OAuth connection: only ever stored sealed (see src/vault). */
export interface TokenSet {
  kind: 'oauth';
  accessToken: string;
  tokenType: string;
  refreshToken?: string;
}

/** The secret part of an API-key connection (CloudConvert key, WhatConverts token + secret). */
export type ApiKeyCredential =
  { kind: 'api-key'; apiKey: string } | { kind: 'token-secret'; token: string; secret: string };

export type Credential = TokenSet | ApiKeyCredential;

export interface Identity {
  displayName?: string;
  subject?: string;
  email?: string;
  /** Extra facts worth showing (credits, organizations, daily limits, Convert's accounts). */
  details?: Record<string, unknown>;
}

/**
 * What a credential belongs to, written when it is issued: the credential is only ever sent to the
 * provider that still has these values (see binding.ts).
 */
export interface ProviderBinding {
  issuer?: string;
  tokenEndpoint?: string;
  apiBaseUrl?: string;
  clientId?: string;
}

export type ConnectionStatus = 'connected' | 'needs-reconnect';

/** What Keyfob knows of a connection without its secrets: safe to show and to keep unsealed. */
export interface ConnectionInfo {
  id: string;
  providerId: string;
  providerName: string;
  authMethod: AuthMethod;
  issuer?: string;
  createdAt: number;
  /** Any change to the record: a check, a status, new tokens. */
  updatedAt: number;
  /**
   * When the current access token was obtained (code exchange or refresh), epoch ms: with
   * expiresAt, its lifetime. Records stored before it existed read it as their updatedAt (see
   * vault/connections.ts).
   */
  obtainedAt?: number;
  /** When a refresh last renewed the access token (epoch ms). */
  refreshedAt?: number;
  /** When "Check connection" last asked the provider (epoch ms), whatever it answered. */
  checkedAt?: number;
  /** When the access token stops working (epoch ms); undefined when it does not expire. */
  expiresAt?: number;
  grantedScopes: string[];
  /** What the sign-in asked for; absent on connections stored before it was recorded. */
  requestedScopes?: string[];
  /** Provider-specific grant details, e.g. Convert's accounts and projects. */
  grant?: unknown;
  hasRefreshToken: boolean;
  identity?: Identity;
  idTokenClaims?: Record<string, unknown>;
  /** The decoded (never raw) ID token and JWT access token: sealed, like the claims. */
  tokens?: TokenDetails;
  status: ConnectionStatus;
  /** Why it needs a reconnect, in a sentence for the person. */
  statusReason?: string;
  /** Why it needs a reconnect, as a stable error code the page switches on. */
  statusCode?: string;
  /** What the credential was issued for; absent on connections stored before it was recorded. */
  binding?: ProviderBinding;
  /** Set when the tokens are DPoP-bound (RFC 9449): the thumbprint of the key they are bound to. */
  dpop?: { jkt: string };
  /**
   * Set (epoch ms) just before a refresh request is sent, cleared when its answer arrives: still
   * set later means that answer was lost, so a rotated refresh token may have been missed.
   */
  refreshSentAt?: number;
}

export interface Connection extends ConnectionInfo {
  /** Absent when the sealed record could not be opened (then status is needs-reconnect). */
  credential?: Credential;
}

/** A one-time authorization transaction, kept from the redirect to the callback. */
export interface Transaction {
  state: string;
  verifier: string;
  nonce?: string;
  providerId: string;
  issuer: string;
  redirectUri: string;
  returnTo: string;
  scopes: string[];
  createdAt: number;
  /** Set when this authorization refreshes an existing connection (reconnect). */
  connectionId?: string;
  /** The redacted authorization request entry, moved to the connection's Activity at the callback. */
  activity?: ActivityEntry[];
  /**
   * The server's metadata as the sign-in started with it (sealed with the rest), so the callback
   * does not discover it again before the code exchange.
   */
  server?: AuthorizationServer;
}
