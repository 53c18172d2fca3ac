import { describe, expect, it } from 'vitest';
import { createActivityRecorder } from '../../../src/oauth/activity';
import { createActivityLog } from '../../../src/vault/activity-log';
import { createCipher } from '../../../src/vault/cipher';
import { createMemoryStore } from '../../../src/vault/store';
import {
  ISSUER,
  discoveryDocument,
  fakeFetch,
  json,
  makeFlow,
  redirectUriFor,
  testProviders,
} from '../../support/fake-provider';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const ID_TOKEN = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ iss: ISSUER, aud: 'spa', iat: now, exp: now + 300, sub: 'u1', nonce: 'nonce-1', name: 'Demo' })}.c2lnbmF0dXJl`;
const ACCESS_JWT = `${b64({ alg: 'RS256', typ: 'at+jwt' })}.${b64({ iss: ISSUER, sub: 'u1', scope: 'openid' })}.YXQtc2ln`;
const REFRESH = 'refresh-token-abcdefghijklmnop';
const CODE = 'authorization-code-xyz-123456';

describe('the Activity of a sign-in', () => {
  it('moves the request from the transaction and records callback, exchange and identity without a secret', async () => {
    const providers = await testProviders({
      providers: {
        acme: {
          name: 'Acme',
          issuer: ISSUER,
          clientId: 'spa',
          scopes: ['openid', 'offline_access', 'read'],
        },
      },
    });
    const net = fakeFetch({
      [`${ISSUER}/.well-known/openid-configuration`]: () => json(discoveryDocument),
      [`${ISSUER}/token`]: () =>
        json({
          access_token: ACCESS_JWT,
          token_type: 'Bearer',
          expires_in: 120,
          refresh_token: REFRESH,
          scope: 'openid offline_access',
          id_token: ID_TOKEN,
        }),
    });
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]);
    const records = createMemoryStore();
    const setup = await makeFlow(providers, net.fetch);
    const connections = (await import('../../../src/vault/connections')).createConnectionStore(
      records,
      createCipher(key),
    );
    const log = createActivityLog(
      createMemoryStore(),
      createCipher(key),
      async (id) => (await connections.get(id)) !== undefined,
    );
    const flow = (
      await makeFlow(providers, net.fetch, {
        activity: createActivityRecorder(log, () => now * 1000),
        connections,
        transactions: setup.transactions,
        transactionCipher: setup.cipher,
      })
    ).flow;
    const url = await flow.startAuthorization('acme');
    const state = url.searchParams.get('state')!;
    const { connection } = await flow.completeAuthorization(
      `${redirectUriFor('acme')}?code=${CODE}&state=${state}&iss=${encodeURIComponent(ISSUER)}`,
    );
    const entries = await log.list(connection.id);
    expect(entries.map((e) => e.kind)).toEqual([
      'identity-check',
      'code-exchange',
      'callback',
      'authorization-request',
    ]);
    const exchange = entries[1]!;
    expect(exchange.details).toEqual(
      expect.arrayContaining([
        ['status', 200],
        ['token type', 'bearer'],
        ['lifetime', '120 s'],
        ['granted scope', 'openid offline_access'],
        ['refresh token', 'issued'],
      ]),
    );
    expect(exchange.dpop).toBe(false);
    const text = JSON.stringify(entries) + JSON.stringify([...records.data.values()]);
    for (const secret of [
      CODE,
      REFRESH,
      ACCESS_JWT,
      ID_TOKEN,
      'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    ]) {
      expect(text).not.toContain(secret);
    }
    // Decoded parts only, kept sealed with the connection; requested beside granted scopes.
    expect(connection.tokens?.idToken).toEqual({
      header: { alg: 'RS256', kid: 'k1' },
      claims: expect.objectContaining({
        iss: ISSUER,
        sub: 'u1',
        aud: 'spa',
        nonce: 'nonce-1',
      }) as unknown,
    });
    expect(connection.tokens?.accessToken?.header).toEqual({ alg: 'RS256', typ: 'at+jwt' });
    expect(connection.requestedScopes).toEqual(['openid', 'offline_access', 'read']);
    expect(connection.grantedScopes).toEqual(['openid', 'offline_access']);
  });
});
