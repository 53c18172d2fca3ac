import type { ResolvedProvider } from '../config/resolve';
import type { ConnectionStore } from '../vault/connections';
import { ErrorCode, KeyfobError } from './errors';
import { providerBinding } from './binding';
import { networkFetch, type FetchLike } from './http';
import { checkIdentity } from './identity-probe';
import { webCryptoRandomness, type Randomness } from './random';
import type { ApiKeyCredential, Connection } from './types';

export interface ApiKeyDeps {
  provider(id: string): ResolvedProvider | undefined;
  connections: ConnectionStore;
  appOrigin: string;
  fetch?: FetchLike;
  now?: () => number;
  random?: Randomness;
  online?: () => boolean;
  timeoutMs?: number;
}

const methodOf = { 'api-key': 'api-key', 'token-secret': 'api-token-secret' } as const;

function sameKey(a: ApiKeyCredential, b: unknown): boolean {
  const other = b as ApiKeyCredential | undefined;
  if (a.kind === 'api-key') return other?.kind === 'api-key' && other.apiKey === a.apiKey;
  return other?.kind === 'token-secret' && other.token === a.token && other.secret === a.secret;
}

/** Pasted keys often bring a space or a line break along; a key never contains one. */
function trimmed(credential: ApiKeyCredential): ApiKeyCredential {
  return credential.kind === 'api-key'
    ? { kind: 'api-key', apiKey: credential.apiKey.trim() }
    : { kind: 'token-secret', token: credential.token.trim(), secret: credential.secret.trim() };
}

/**
 * API-key connections (a CloudConvert key sent as Bearer, a WhatConverts token + secret sent with
 * HTTP Basic): the key is checked against the provider's identity endpoint first, and only a key
 * the provider accepts is kept, sealed in the vault like a token. Saving the same key again updates
 * its connection instead of adding a second one.
 * @see https://www.rfc-editor.org/rfc/rfc7617
 */
export function createApiKeyConnector(deps: ApiKeyDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? webCryptoRandomness;
  const baseFetch = networkFetch(deps, 'key check');

  async function saveApiKey(
    providerId: string,
    input: ApiKeyCredential,
    options: { connectionId?: string } = {},
  ): Promise<Connection> {
    const provider = deps.provider(providerId);
    const method = methodOf[input.kind];
    if (!provider || !provider.authMethods.includes(method)) {
      throw new KeyfobError(
        ErrorCode.CONFIG,
        `${provider?.name ?? `"${providerId}"`} does not take this kind of API key here.`,
        { providerId },
      );
    }
    const credential = trimmed(input);
    const empty =
      credential.kind === 'api-key' ? !credential.apiKey : !credential.token || !credential.secret;
    if (empty) {
      throw new KeyfobError(
        ErrorCode.KEY_REFUSED,
        credential.kind === 'api-key'
          ? 'Paste the API key first.'
          : 'Paste both the API token and the API secret first.',
        { providerId },
      );
    }
    if (!provider.identity || !provider.apiBaseUrl) {
      throw new KeyfobError(
        ErrorCode.CONFIG,
        `${provider.name}'s key cannot be checked: set providers.${provider.id}.apiBaseUrl in config.json.`,
        { providerId },
      );
    }
    const identity = await checkIdentity(provider, credential, baseFetch, { now });
    const all = await deps.connections.list();
    const existing = options.connectionId
      ? all.find((c) => c.id === options.connectionId)
      : all.find((c) => c.providerId === provider.id && sameKey(credential, c.credential));
    const at = now();
    const connection: Connection = {
      id: existing?.id ?? random.id(),
      providerId: provider.id,
      providerName: provider.name,
      authMethod: method,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      // Neither provider's keys expire; a revoked key shows as refused on the next check.
      expiresAt: undefined,
      grantedScopes: [],
      hasRefreshToken: false,
      identity,
      status: 'connected',
      binding: providerBinding(provider),
      credential,
    };
    await deps.connections.save(connection);
    return connection;
  }

  return { saveApiKey };
}

export type ApiKeyConnector = ReturnType<typeof createApiKeyConnector>;
