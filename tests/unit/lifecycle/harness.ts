import { createAuthorizedFetch } from '../../../src/oauth/authorized-fetch';
import type { FetchLike } from '../../../src/oauth/http';
import { createLocalLocks, type LockManagerLike } from '../../../src/oauth/locks';
import { createTokenRefresher } from '../../../src/oauth/refresh';
import { createDisconnector } from '../../../src/oauth/revoke';
import type { Connection } from '../../../src/oauth/types';
import { createCipher } from '../../../src/vault/cipher';
import { createConnectionStore, type ConnectionStore } from '../../../src/vault/connections';
import { createMemoryStore } from '../../../src/vault/store';
import {
  APP_ORIGIN,
  ISSUER,
  discoveryDocument,
  fakeFetch,
  json,
  testProviders,
  type RecordedRequest,
} from '../../support/fake-provider';

export const API = 'https://api.example.test/v1';
export const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

export const lifecycleConfig = {
  proxyUrl: 'https://proxy.example.test',
  providers: {
    acme: {
      name: 'Acme',
      issuer: ISSUER,
      clientId: 'spa',
      scopes: ['openid', 'offline_access'],
      apiBaseUrl: API,
    },
  },
};

export const newKey = () =>
  crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

type Handler = (req: RecordedRequest) => Response | Promise<Response>;

/**
 * A provider that rotates refresh tokens like the sandbox: each refresh answers a new access and
 * refresh token, and a refresh token that was already used gets invalid_grant.
 */
export function rotatingProvider(overrides: Record<string, Handler> = {}) {
  const server = {
    refreshToken: 'rt-0',
    validAccess: new Set(['at-0']),
    issued: 0,
    omitRefreshToken: false,
    expiresIn: 120 as number | undefined,
  };
  const routes: Record<string, Handler> = {
    [`${ISSUER}/.well-known/openid-configuration`]: () => json(discoveryDocument),
    [`${ISSUER}/token`]: (req) => {
      const params = new URLSearchParams(req.body);
      if (params.get('refresh_token') !== server.refreshToken) {
        return json({ error: 'invalid_grant', error_description: 'grant revoked' }, 400);
      }
      server.issued += 1;
      const access = `at-${server.issued}`;
      server.validAccess.add(access);
      if (!server.omitRefreshToken) server.refreshToken = `rt-${server.issued}`;
      return json({
        access_token: access,
        token_type: 'Bearer',
        ...(server.expiresIn === undefined ? {} : { expires_in: server.expiresIn }),
        ...(server.omitRefreshToken ? {} : { refresh_token: server.refreshToken }),
      });
    },
    [`${ISSUER}/revoke`]: () => new Response(null, { status: 200 }),
    [`${API}/me`]: (req) => {
      const token = /^Bearer (.+)$/.exec(req.headers.get('authorization') ?? '')?.[1];
      return token && server.validAccess.has(token)
        ? json({ sub: 'u1', token })
        : json({ error: 'invalid_token' }, 401);
    },
    ...overrides,
  };
  const { fetch, requests } = fakeFetch(routes);
  const tokenRequests = () => requests.filter((r) => r.url === `${ISSUER}/token`);
  const apiRequests = () => requests.filter((r) => r.url.startsWith(API));
  return { server, fetch, requests, routes, tokenRequests, apiRequests };
}

export function storedConnection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 'conn-1',
    providerId: 'acme',
    providerName: 'Acme',
    authMethod: 'oauth',
    issuer: ISSUER,
    createdAt: T0,
    updatedAt: T0,
    expiresAt: T0 + 120_000,
    grantedScopes: ['openid', 'offline_access'],
    hasRefreshToken: true,
    status: 'connected',
    binding: { issuer: ISSUER, apiBaseUrl: API, clientId: 'spa' },
    credential: { kind: 'oauth', accessToken: 'at-0', tokenType: 'bearer', refreshToken: 'rt-0' },
    ...overrides,
  };
}

/**
 * One browser's shared storage and locks, and as many "tabs" on it as a test wants: each tab has
 * its own refresher (its own in-tab single flight) and authorizedFetch, like a real second tab.
 */
export async function browser(
  options: {
    config?: unknown;
    fetch?: FetchLike;
    locks?: LockManagerLike;
    online?: () => boolean;
  } = {},
) {
  const providers = await testProviders(options.config ?? lifecycleConfig);
  const clock = { now: T0 };
  const data = createMemoryStore();
  const connections: ConnectionStore = createConnectionStore(data, createCipher(await newKey()));
  const locks = options.locks ?? createLocalLocks();
  const provider = (id: string) => providers.find((p) => p.id === id);
  function tab(fetchImpl: FetchLike = options.fetch!) {
    const common = {
      provider,
      connections,
      appOrigin: APP_ORIGIN,
      fetch: fetchImpl,
      now: () => clock.now,
      locks,
      online: options.online,
    };
    const refresher = createTokenRefresher(common);
    return {
      refresher,
      api: createAuthorizedFetch({ ...common, refresher }),
      disconnector: createDisconnector(common),
    };
  }
  return { providers, clock, data, connections, locks, tab };
}

/** The stored OAuth credential of a connection, opened. */
export async function storedTokens(connections: ConnectionStore, id = 'conn-1') {
  const c = await connections.get(id);
  return c?.credential?.kind === 'oauth' ? c.credential : undefined;
}
