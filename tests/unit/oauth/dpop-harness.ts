/** A DPoP-binding fake provider, a connection made with it, and a decoder for the proofs it saw. */
import { expect } from 'vitest';
import { createAuthorizedFetch } from '../../../src/oauth/authorized-fetch';
import { createDPoPKeys, type DPoPKeyStore } from '../../../src/oauth/dpop';
import { createTokenRefresher } from '../../../src/oauth/refresh';
import { createDisconnector } from '../../../src/oauth/revoke';
import { createMemoryStore } from '../../../src/vault/store';
import {
  APP_ORIGIN,
  ISSUER,
  discoveryDocument,
  fakeFetch,
  json,
  makeFlow,
  redirectUriFor,
  testProviders,
  type RecordedRequest,
} from '../../support/fake-provider';

export { ISSUER };

export const API = 'https://api.example.test/v1';
export const PROXY = 'https://proxy.example.test';
export const USERINFO = `${ISSUER}/userinfo`;

const b64uJson = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

interface Proof {
  header: { typ?: string; alg?: string; jwk?: JsonWebKey };
  payload: Record<string, unknown>;
  signatureValid: boolean;
}

/** Decodes a DPoP proof and checks its signature with the public key in its own header. */
export async function decodeProof(jwt: string | null): Promise<Proof> {
  expect(jwt).toBeTruthy();
  const [h, p, s] = jwt!.split('.') as [string, string, string];
  const header = b64uJson(h) as Proof['header'];
  const key = await crypto.subtle.importKey(
    'jwk',
    header.jwk!,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  const signatureValid = await crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    Buffer.from(s, 'base64url'),
    new TextEncoder().encode(`${h}.${p}`),
  );
  return { header, payload: b64uJson(p), signatureValid };
}

export const sha256b64u = async (value: string) =>
  Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value))).toString(
    'base64url',
  );

/** A DPoP key store on an in-memory store: values are structured-cloned as IndexedDB would. */
export function memoryKeyStore(): DPoPKeyStore & { data: Map<string, unknown> } {
  const store = createMemoryStore();
  return {
    data: store.data,
    get: (id) => store.get<CryptoKeyPair>(id),
    set: (id, pair) => store.set(id, pair),
    remove: (id) => store.remove(id),
  };
}

/**
 * A provider that binds tokens to DPoP keys and, like RFC 9449 8 and 9, first refuses a proof
 * without its nonce: the token endpoint with a 400 `use_dpop_nonce`, the API with a 401 challenge.
 */
export function dpopProvider(options: { advertise?: boolean; userInfo?: boolean } = {}) {
  const server = { issued: 0, tokenNonce: 'as-nonce-1', apiNonce: 'rs-nonce-1' };
  /** The API and UserInfo: both refuse a proof without the resource server's nonce first. */
  const resource = async (req: RecordedRequest) => {
    const proof = req.headers.get('dpop');
    if (proof && (await decodeProof(proof)).payload.nonce !== server.apiNonce) {
      return new Response(null, {
        status: 401,
        headers: {
          'www-authenticate': 'DPoP error="use_dpop_nonce", error_description="nonce"',
          'dpop-nonce': server.apiNonce,
        },
      });
    }
    return json({ ok: true });
  };
  const { fetch, requests } = fakeFetch({
    [`${ISSUER}/.well-known/openid-configuration`]: () =>
      json({
        ...discoveryDocument,
        ...(options.advertise === false ? {} : { dpop_signing_alg_values_supported: ['ES256'] }),
        ...(options.userInfo ? { userinfo_endpoint: USERINFO } : {}),
      }),
    [`${ISSUER}/token`]: async (req) => {
      const proof = req.headers.get('dpop');
      if (proof && (await decodeProof(proof)).payload.nonce !== server.tokenNonce) {
        return json({ error: 'use_dpop_nonce', error_description: 'nonce, please' }, 400, {
          'dpop-nonce': server.tokenNonce,
        });
      }
      server.issued += 1;
      return json({
        access_token: `at-${server.issued}`,
        token_type: proof ? 'DPoP' : 'Bearer',
        expires_in: 120,
        refresh_token: `rt-${server.issued}`,
      });
    },
    [`${PROXY}/api/acme/me`]: () => json({ relayed: true }),
    [`${API}/me`]: resource,
    [USERINFO]: resource,
  });
  const tokenRequests = () => requests.filter((r) => r.url === `${ISSUER}/token`);
  const apiRequests = () => requests.filter((r) => r.url.startsWith(API));
  return { server, fetch, requests, tokenRequests, apiRequests };
}

export async function connect(
  dpopSetting?: boolean,
  advertise?: boolean,
  relay = false,
  identityPath?: string,
  /** A provider without an API base whose discovery names a UserInfo endpoint. */
  userInfoOnly = false,
) {
  const provider = dpopProvider({ advertise, userInfo: userInfoOnly });
  const providers = await testProviders({
    ...(relay ? { proxyUrl: PROXY } : {}),
    providers: {
      acme: {
        name: 'Acme',
        issuer: ISSUER,
        clientId: 'spa',
        scopes: ['offline_access'],
        ...(userInfoOnly ? {} : { apiBaseUrl: API }),
        ...(dpopSetting === undefined ? {} : { dpop: dpopSetting }),
        ...(relay ? { useApiRelay: true } : {}),
        ...(identityPath ? { identityPath } : {}),
      },
    },
  });
  const keyStore = memoryKeyStore();
  const dpop = createDPoPKeys(keyStore);
  const setup = await makeFlow(providers, provider.fetch, { dpop });
  const url = await setup.flow.startAuthorization('acme');
  const callback = new URL(redirectUriFor('acme'));
  callback.searchParams.set('code', 'c-1');
  callback.searchParams.set('state', url.searchParams.get('state')!);
  callback.searchParams.set('iss', ISSUER);
  const { connection } = await setup.flow.completeAuthorization(callback);
  const common = {
    provider: (id: string) => providers.find((p) => p.id === id),
    connections: setup.connections,
    appOrigin: APP_ORIGIN,
    fetch: provider.fetch,
    now: () => setup.clock.now,
    dpop,
  };
  const refresher = createTokenRefresher(common);
  const api = createAuthorizedFetch({ ...common, refresher });
  const disconnector = createDisconnector(common);
  return { provider, setup, connection, keyStore, refresher, api, disconnector };
}

export const tokenProofs = (requests: RecordedRequest[]) =>
  Promise.all(requests.map((r) => decodeProof(r.headers.get('dpop'))));
