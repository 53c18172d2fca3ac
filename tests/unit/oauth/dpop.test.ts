import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate';
import { createAuthorizedFetch } from '../../../src/oauth/authorized-fetch';
import { createDPoPKeys, jwkThumbprint, type DPoPKeyStore } from '../../../src/oauth/dpop';
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

const API = 'https://api.example.test/v1';
const PROXY = 'https://proxy.example.test';

const b64uJson = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

interface Proof {
  header: { typ?: string; alg?: string; jwk?: JsonWebKey };
  payload: Record<string, unknown>;
  signatureValid: boolean;
}

/** Decodes a DPoP proof and checks its signature with the public key in its own header. */
async function decodeProof(jwt: string | null): Promise<Proof> {
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

const sha256b64u = async (value: string) =>
  Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value))).toString(
    'base64url',
  );

/** A DPoP key store on an in-memory store: values are structured-cloned as IndexedDB would. */
function memoryKeyStore(): DPoPKeyStore & { data: Map<string, unknown> } {
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
function dpopProvider(options: { advertise?: boolean } = {}) {
  const server = { issued: 0, tokenNonce: 'as-nonce-1', apiNonce: 'rs-nonce-1' };
  const { fetch, requests } = fakeFetch({
    [`${ISSUER}/.well-known/openid-configuration`]: () =>
      json({
        ...discoveryDocument,
        ...(options.advertise === false ? {} : { dpop_signing_alg_values_supported: ['ES256'] }),
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
    [`${API}/me`]: async (req) => {
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
    },
  });
  const tokenRequests = () => requests.filter((r) => r.url === `${ISSUER}/token`);
  const apiRequests = () => requests.filter((r) => r.url.startsWith(API));
  return { server, fetch, requests, tokenRequests, apiRequests };
}

async function connect(
  dpopSetting?: boolean,
  advertise?: boolean,
  relay = false,
  identityPath?: string,
) {
  const provider = dpopProvider({ advertise });
  const providers = await testProviders({
    ...(relay ? { proxyUrl: PROXY } : {}),
    providers: {
      acme: {
        name: 'Acme',
        issuer: ISSUER,
        clientId: 'spa',
        scopes: ['offline_access'],
        apiBaseUrl: API,
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

const tokenProofs = (requests: RecordedRequest[]) =>
  Promise.all(requests.map((r) => decodeProof(r.headers.get('dpop'))));

describe('DPoP (RFC 9449)', () => {
  it('proves the code exchange, retries once with the nonce, and keeps a non-extractable key', async () => {
    const { provider, connection, keyStore } = await connect();
    const exchanges = provider.tokenRequests();
    expect(exchanges).toHaveLength(2);
    const [first, second] = await tokenProofs(exchanges);
    for (const proof of [first!, second!]) {
      expect(proof.signatureValid).toBe(true);
      expect(proof.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
      expect(proof.header.jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
      expect(proof.header.jwk).not.toHaveProperty('d');
      expect(proof.payload).toMatchObject({ htm: 'POST', htu: `${ISSUER}/token` });
      expect(proof.payload.ath).toBeUndefined();
      expect(typeof proof.payload.jti).toBe('string');
      expect(typeof proof.payload.iat).toBe('number');
    }
    expect(first!.payload.nonce).toBeUndefined();
    expect(second!.payload.nonce).toBe('as-nonce-1');
    expect(connection.credential).toMatchObject({ tokenType: 'dpop', accessToken: 'at-1' });
    const pair = keyStore.data.get('conn-1') as CryptoKeyPair;
    expect(pair.privateKey.extractable).toBe(false);
    expect(pair.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    // The thumbprint shown on the connection page is that of the key in the proofs.
    expect(connection.dpop?.jkt).toBe(await jwkThumbprint(pair.publicKey));
    const jwk = first!.header.jwk!;
    const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
    expect(connection.dpop?.jkt).toBe(await sha256b64u(canonical));
  });

  it('calls the API with the DPoP scheme and a proof carrying ath, and retries on a nonce challenge', async () => {
    const { provider, api } = await connect();
    const response = await api('conn-1', '/me');
    expect(await response.json()).toEqual({ ok: true });
    const calls = provider.apiRequests();
    expect(calls).toHaveLength(2);
    const proofs = await tokenProofs(calls);
    for (const [i, call] of calls.entries()) {
      expect(call.headers.get('authorization')).toBe('DPoP at-1');
      expect(proofs[i]!.signatureValid).toBe(true);
      expect(proofs[i]!.payload).toMatchObject({
        htm: 'GET',
        htu: `${API}/me`,
        ath: await sha256b64u('at-1'),
      });
    }
    expect(proofs[0]!.payload.nonce).toBeUndefined();
    expect(proofs[1]!.payload.nonce).toBe('rs-nonce-1');
    // Remembered per server: the next call sends the API's nonce at once.
    await api('conn-1', '/me', { method: 'POST', body: '{}' });
    const [third] = await tokenProofs(provider.apiRequests().slice(2));
    expect(provider.apiRequests()).toHaveLength(3);
    expect(third!.payload).toMatchObject({ htm: 'POST', nonce: 'rs-nonce-1' });
  });

  it('the identity check at connect time presents the bound token with a proof too', async () => {
    const { provider } = await connect(undefined, undefined, false, '/me');
    const probes = provider.apiRequests();
    expect(probes.length).toBeGreaterThanOrEqual(1);
    for (const probe of probes) {
      expect(probe.headers.get('authorization')).toBe('DPoP at-1');
      const proof = await decodeProof(probe.headers.get('dpop'));
      expect(proof.payload).toMatchObject({
        htm: 'GET',
        htu: `${API}/me`,
        ath: await sha256b64u('at-1'),
      });
    }
  });

  it('through the API relay, the proof still names the provider\u2019s own URL', async () => {
    const { provider, api } = await connect(undefined, undefined, true);
    expect(await (await api('conn-1', '/me')).json()).toEqual({ relayed: true });
    const [call] = provider.requests.filter((r) => r.url.startsWith(PROXY));
    expect(call!.headers.get('authorization')).toBe('DPoP at-1');
    const proof = await decodeProof(call!.headers.get('dpop'));
    expect(proof.payload).toMatchObject({ htm: 'GET', htu: `${API}/me` });
  });

  it('refreshes with a proof of the same key and the token server\u2019s remembered nonce', async () => {
    const { provider, setup, refresher, connection } = await connect();
    setup.clock.now += 200_000;
    const refreshed = await refresher.ensureFresh('conn-1');
    expect(refreshed.credential).toMatchObject({ accessToken: 'at-2', tokenType: 'dpop' });
    const refreshes = provider.tokenRequests().slice(2);
    expect(refreshes).toHaveLength(1);
    expect(new URLSearchParams(refreshes[0]!.body).get('grant_type')).toBe('refresh_token');
    const [proof] = await tokenProofs(refreshes);
    expect(proof!.payload).toMatchObject({
      htm: 'POST',
      htu: `${ISSUER}/token`,
      nonce: 'as-nonce-1',
    });
    expect(proof!.payload.ath).toBeUndefined();
    const jwk = proof!.header.jwk!;
    const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
    expect(await sha256b64u(canonical)).toBe(connection.dpop?.jkt);
  });

  it('a refresh refused for a new nonce is retried once with it', async () => {
    const { provider, setup, refresher } = await connect();
    provider.server.tokenNonce = 'as-nonce-2';
    setup.clock.now += 200_000;
    await refresher.ensureFresh('conn-1');
    const proofs = await tokenProofs(provider.tokenRequests().slice(2));
    expect(proofs.map((p) => p.payload.nonce)).toEqual(['as-nonce-1', 'as-nonce-2']);
  });

  it('disconnect deletes the key pair', async () => {
    const { keyStore, disconnector } = await connect();
    expect(keyStore.data.has('conn-1')).toBe(true);
    await disconnector.disconnect('conn-1');
    expect(keyStore.data.has('conn-1')).toBe(false);
  });

  it('"dpop": false opts out even when the server advertises DPoP: Bearer, no proof', async () => {
    const { provider, connection, keyStore, api } = await connect(false);
    expect(provider.tokenRequests()).toHaveLength(1);
    expect(provider.tokenRequests()[0]!.headers.get('dpop')).toBeNull();
    expect(connection.dpop).toBeUndefined();
    expect(connection.credential).toMatchObject({ tokenType: 'bearer' });
    expect(keyStore.data.size).toBe(0);
    await api('conn-1', '/me');
    expect(provider.apiRequests()[0]!.headers.get('authorization')).toBe('Bearer at-1');
    expect(provider.apiRequests()[0]!.headers.get('dpop')).toBeNull();
  });

  it('no metadata, no setting: Bearer; "dpop": true turns it on without metadata', async () => {
    const plain = await connect(undefined, false);
    expect(plain.provider.tokenRequests()[0]!.headers.get('dpop')).toBeNull();
    expect(plain.connection.dpop).toBeUndefined();
    const forced = await connect(true, false);
    expect(forced.provider.tokenRequests()[0]!.headers.get('dpop')).toBeTruthy();
    expect(forced.connection.dpop?.jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('config validation accepts a boolean "dpop" and refuses anything else', () => {
    const base = { issuer: ISSUER, clientId: 'spa' };
    expect(() => validateConfig({ providers: { acme: { ...base, dpop: true } } })).not.toThrow();
    expect(() => validateConfig({ providers: { acme: { ...base, dpop: 'yes' } } })).toThrow(/dpop/);
  });
});
