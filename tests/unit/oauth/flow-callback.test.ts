import { describe, expect, it } from 'vitest';
import { ErrorCode, KeyfobError } from '../../../src/oauth/errors';
import { createAuthorizationFlow } from '../../../src/oauth/flow';
import {
  APP_ORIGIN,
  ISSUER,
  REDIRECT_URI,
  redirectUriFor,
  json,
  makeFlow,
  testProviders,
} from '../../support/fake-provider';
import { config, idToken, provider, startAndCallback } from './flow-fixtures';

describe('completeAuthorization on a fresh page', () => {
  it('makes one request, the code exchange: the metadata came with the transaction', async () => {
    const providers = await testProviders(config);
    const setup = await makeFlow(await testProviders(config), provider().fetch);
    const { callback } = await startAndCallback(setup);
    // The callback is a new page: a new flow and discovery cache over the same stores.
    const net = provider();
    const callbackPage = createAuthorizationFlow({
      provider: (id) => providers.find((p) => p.id === id),
      transactions: setup.transactions,
      transactionCipher: setup.cipher,
      connections: setup.connections,
      redirectUri: redirectUriFor,
      appOrigin: APP_ORIGIN,
      fetch: net.fetch,
      now: () => setup.clock.now,
    });
    const { connection } = await callbackPage.completeAuthorization(callback);
    expect(net.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${ISSUER}/token`]);
    expect(connection).toMatchObject({ issuer: ISSUER, status: 'connected' });
  });
});

describe('completeAuthorization: checks on the response', () => {
  it('refuses a response from another issuer (mix-up), and one that omits a promised iss', async () => {
    const net = provider();
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const first = await startAndCallback(setup);
    await expect(
      setup.flow.completeAuthorization(
        `${REDIRECT_URI}?code=c&state=${first.state}&iss=${encodeURIComponent('https://evil.test')}`,
      ),
    ).rejects.toMatchObject({ code: ErrorCode.ISSUER_MISMATCH });
    const second = await startAndCallback(setup);
    await expect(
      setup.flow.completeAuthorization(`${REDIRECT_URI}?code=c&state=${second.state}`),
    ).rejects.toMatchObject({ code: ErrorCode.ISSUER_MISMATCH });
    expect(net.requests.filter((r) => r.url.endsWith('/token'))).toHaveLength(0);
  });

  it("refuses a response on another provider's redirect URI before any exchange (mix-up)", async () => {
    const net = provider();
    const setup = await makeFlow(await testProviders(config), net.fetch);
    // "manual" was asked; the answer comes back on acme's redirect URI (an honest server's code
    // bounced through manual's authorize endpoint would land exactly there).
    const url = await setup.flow.startAuthorization('manual');
    const state = url.searchParams.get('state')!;
    expect(url.searchParams.get('redirect_uri')).toBe(redirectUriFor('manual'));
    const error = await setup.flow
      .completeAuthorization(`${redirectUriFor('acme')}?code=honest-code&state=${state}`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.REDIRECT_URI_MISMATCH, providerId: 'manual' });
    expect(net.requests).toHaveLength(0);
    expect(await setup.connections.list()).toEqual([]);
    // The transaction is spent: the right redirect URI cannot use it afterwards either.
    const later = await makeFlow(await testProviders(config), net.fetch, {
      transactions: setup.transactions,
      connections: setup.connections,
    });
    await expect(
      later.flow.completeAuthorization(`${redirectUriFor('manual')}?code=c&state=${state}`),
    ).rejects.toMatchObject({ code: ErrorCode.TRANSACTION_USED });
    // The old shared /callback is no provider's redirect URI.
    const again = (await setup.flow.startAuthorization('manual')).searchParams.get('state')!;
    await expect(
      setup.flow.completeAuthorization(`${APP_ORIGIN}/callback?code=c&state=${again}`),
    ).rejects.toMatchObject({ code: ErrorCode.REDIRECT_URI_MISMATCH });
    expect(net.requests).toHaveLength(0);
  });

  it('accepts its own redirect URI with the trailing slash a static host may add', async () => {
    const net = provider();
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const url = await setup.flow.startAuthorization('manual');
    const { connection } = await setup.flow.completeAuthorization(
      `${redirectUriFor('manual')}/?code=c&state=${url.searchParams.get('state')}`,
    );
    expect(connection.providerId).toBe('manual');
  });

  it('tells an explicit-endpoints provider which issuer its server names itself by', async () => {
    const net = provider();
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const url = await setup.flow.startAuthorization('manual');
    const error = (await setup.flow
      .completeAuthorization(
        `${redirectUriFor('manual')}?code=c&state=${url.searchParams.get('state')}&iss=${encodeURIComponent('https://id.a.test')}`,
      )
      .catch((e: unknown) => e)) as KeyfobError;
    expect(error.code).toBe(ErrorCode.ISSUER_MISMATCH);
    expect(error.message).toBe(
      'This server identifies itself as https://id.a.test: set issuer to https://id.a.test (providers.manual.issuer) and connect again.',
    );
    expect(net.requests).toHaveLength(0);
  });

  it('reports the token endpoint error body', async () => {
    const net = provider(() =>
      json({ error: 'invalid_grant', error_description: 'code expired' }, 400),
    );
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const { callback } = await startAndCallback(setup);
    await expect(setup.flow.completeAuthorization(callback)).rejects.toMatchObject({
      code: ErrorCode.TOKEN_ENDPOINT_ERROR,
      oauthError: 'invalid_grant',
      oauthErrorDescription: 'code expired',
      status: 400,
    });
  });

  it('says a cross-origin request is blocked by CORS when a no-cors probe gets an answer', async () => {
    const net = provider((req) => {
      // The no-cors probe (HEAD) gets an opaque answer: the host is up, CORS hid the real one.
      if (req.method === 'HEAD') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    });
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const { callback } = await startAndCallback(setup);
    const error = (await setup.flow
      .completeAuthorization(callback)
      .catch((e: unknown) => e)) as KeyfobError;
    expect(error).toMatchObject({ code: ErrorCode.CORS_BLOCKED, step: 'code exchange' });
    expect(error.message).toContain('through the proxy');
    expect(APP_ORIGIN).not.toBe(ISSUER);
  });

  it('refuses an ID token whose nonce is not the transaction one', async () => {
    const net = provider(() =>
      json({
        access_token: 'at',
        token_type: 'Bearer',
        id_token: idToken({ sub: 'u1', nonce: 'someone-elses' }),
      }),
    );
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const { callback } = await startAndCallback(setup);
    await expect(setup.flow.completeAuthorization(callback)).rejects.toMatchObject({
      code: ErrorCode.INVALID_RESPONSE,
    });
    expect(await setup.connections.list()).toEqual([]);
  });
});
