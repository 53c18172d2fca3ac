import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import type { Sealed } from '../../../src/vault/cipher';
import {
  ISSUER,
  REDIRECT_URI,
  redirectUriFor,
  makeFlow,
  testProviders,
} from '../../support/fake-provider';
import { config, provider, startAndCallback } from './flow-fixtures';

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 Appendix B', async () => {
    await expect(
      oauth.calculatePKCECodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
    ).resolves.toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
});

describe('startAuthorization', () => {
  it('builds the exact authorize URL from discovery and stores a one-time transaction', async () => {
    const net = provider();
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const url = await setup.flow.startAuthorization('acme', { returnTo: '/connections' });
    expect(url.href).toBe(
      `${ISSUER}/authorize?response_type=code&client_id=spa&redirect_uri=${encodeURIComponent(REDIRECT_URI)}` +
        '&scope=openid+offline_access&state=state-1&nonce=nonce-1' +
        '&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256',
    );
    const stored = await setup.transactions.get<{
      status: string;
      providerId: string;
      createdAt: number;
      sealed: Sealed;
    }>('tx:state-1');
    // Only the provider and the age are in the clear; the verifier and nonce are sealed.
    expect(Object.keys(stored!).sort()).toEqual(['createdAt', 'providerId', 'sealed', 'status']);
    expect(stored).toMatchObject({
      status: 'pending',
      providerId: 'acme',
      createdAt: setup.clock.now,
    });
    expect(await setup.cipher.open(stored!.sealed)).toEqual({
      // The metadata travels with the transaction: the callback does not discover again.
      server: expect.objectContaining({ issuer: ISSUER, token_endpoint: `${ISSUER}/token` }),
      state: 'state-1',
      verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      nonce: 'nonce-1',
      providerId: 'acme',
      issuer: ISSUER,
      redirectUri: REDIRECT_URI,
      returnTo: '/connections',
      scopes: ['openid', 'offline_access'],
      createdAt: setup.clock.now,
      // The authorization request's Activity entry waits here, redacted, for the connection.
      activity: [
        expect.objectContaining({
          kind: 'authorization-request',
          details: expect.arrayContaining([
            ['code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'],
            ['code_challenge_method', 'S256'],
            ['state', '[redacted, 7 chars]'],
          ]) as unknown,
        }),
      ],
    });
  });

  it('uses explicit endpoints without discovery and sends no nonce without openid', async () => {
    const net = provider();
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const url = await setup.flow.startAuthorization('manual');
    expect(url.origin + url.pathname).toBe('https://a.test/authorize');
    expect(url.searchParams.get('nonce')).toBeNull();
    expect(url.searchParams.get('scope')).toBe('read');
    expect(net.requests).toHaveLength(0);
  });

  it('never lets returnTo leave the app', async () => {
    const setup = await makeFlow(await testProviders(config), provider().fetch);
    for (const hostile of [
      'https://evil.test/',
      '//evil.test',
      '/\\evil.test',
      'javascript:alert(1)',
    ]) {
      await setup.flow.startAuthorization('manual', { returnTo: hostile });
    }
    const all = await Promise.all(
      (await setup.transactions.keys()).map(async (k) => {
        const record = await setup.transactions.get<{ sealed: Sealed }>(k);
        return (await setup.cipher.open(record!.sealed)) as { returnTo: string };
      }),
    );
    expect(all.map((r) => r.returnTo)).toEqual(['/', '/', '/', '/']);
  });

  it('names the missing setting when a provider is not configured', async () => {
    const setup = await makeFlow(await testProviders({ providers: {} }), provider().fetch);
    await expect(setup.flow.startAuthorization('convert')).rejects.toMatchObject({
      code: ErrorCode.CONFIG,
      message: expect.stringContaining('providers.convert.clientId'),
    });
    await expect(setup.flow.startAuthorization('cloudconvert')).rejects.toMatchObject({
      code: ErrorCode.PROXY_REQUIRED,
    });
  });
});

describe('completeAuthorization', () => {
  it('exchanges the code with the verifier and no secret, exactly', async () => {
    const net = provider();
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const { callback } = await startAndCallback(setup);
    const { connection, returnTo } = await setup.flow.completeAuthorization(callback);
    const tokenRequest = net.requests.find((r) => r.url === `${ISSUER}/token`)!;
    expect(tokenRequest.method).toBe('POST');
    expect(tokenRequest.headers.get('content-type')).toBe(
      'application/x-www-form-urlencoded;charset=UTF-8',
    );
    expect(tokenRequest.headers.get('authorization')).toBeNull();
    expect(Object.fromEntries(new URLSearchParams(tokenRequest.body))).toEqual({
      client_id: 'spa',
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT_URI,
      code: 'the-code',
      code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    });
    expect(returnTo).toBe('/connections');
    expect(connection).toMatchObject({
      providerId: 'acme',
      issuer: ISSUER,
      status: 'connected',
      grantedScopes: ['openid', 'offline_access'],
      expiresAt: setup.clock.now + 120_000,
      hasRefreshToken: true,
      identity: { displayName: 'Demo User', subject: 'u1' },
      credential: { kind: 'oauth', accessToken: 'at-1', refreshToken: 'rt-1', tokenType: 'bearer' },
    });
    expect(await setup.connections.get(connection.id)).toEqual(connection);
  });

  it('a reconnect replaces its own connection, never one of another provider', async () => {
    const setup = await makeFlow(await testProviders(config), provider().fetch);
    const callbackFor = (url: URL, code: string) =>
      `${redirectUriFor('manual')}?code=${code}&state=${url.searchParams.get('state')}`;
    const first = await setup.flow.completeAuthorization(
      callbackFor(await setup.flow.startAuthorization('manual'), 'c1'),
    );
    const again = await setup.flow.completeAuthorization(
      callbackFor(
        await setup.flow.startAuthorization('manual', { connectionId: first.connection.id }),
        'c2',
      ),
    );
    expect(again.connection.id).toBe(first.connection.id);
    expect(await setup.connections.list()).toHaveLength(1);

    const foreign = { ...first.connection, id: 'someone-else', providerId: 'acme' };
    await setup.connections.save(foreign);
    const other = await setup.flow.completeAuthorization(
      callbackFor(
        await setup.flow.startAuthorization('manual', { connectionId: 'someone-else' }),
        'c3',
      ),
    );
    expect(other.connection.id).not.toBe('someone-else');
    expect(await setup.connections.get('someone-else')).toEqual(foreign);
  });

  it('scrubs code and state from the address bar before anything else', async () => {
    const setup = await makeFlow(await testProviders(config), provider().fetch);
    const { callback } = await startAndCallback(setup);
    const pending = setup.flow.completeAuthorization(callback);
    expect(setup.addressBar.replaced).toEqual(['/callback/acme']);
    await pending;
  });

  it('makes one token request for two concurrent calls: the second is refused as used', async () => {
    const net = provider();
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const { callback } = await startAndCallback(setup);
    const [a, b] = await Promise.allSettled([
      setup.flow.completeAuthorization(callback),
      setup.flow.completeAuthorization(callback),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'rejected', reason: { code: ErrorCode.TRANSACTION_USED } });
    expect(net.requests.filter((r) => r.url.endsWith('/token'))).toHaveLength(1);
  });

  it('refuses a replayed callback with TRANSACTION_USED and leaves the connection as it was', async () => {
    const setup = await makeFlow(await testProviders(config), provider().fetch);
    const { callback } = await startAndCallback(setup);
    const { connection } = await setup.flow.completeAuthorization(callback);
    const replayFlow = (
      await makeFlow(await testProviders(config), provider().fetch, {
        transactions: setup.transactions,
        connections: setup.connections,
      })
    ).flow;
    await expect(replayFlow.completeAuthorization(callback)).rejects.toMatchObject({
      code: ErrorCode.TRANSACTION_USED,
    });
    expect(await setup.connections.list()).toEqual([connection]);
  });

  it('refuses an unknown state', async () => {
    const setup = await makeFlow(await testProviders(config), provider().fetch);
    await expect(
      setup.flow.completeAuthorization(`${REDIRECT_URI}?code=c&state=forged`),
    ).rejects.toMatchObject({ code: ErrorCode.UNKNOWN_STATE });
    await expect(setup.flow.completeAuthorization(`${REDIRECT_URI}?code=c`)).rejects.toMatchObject({
      code: ErrorCode.UNKNOWN_STATE,
    });
  });

  it('refuses a transaction older than 10 minutes', async () => {
    const net = provider();
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const { callback } = await startAndCallback(setup);
    setup.clock.now += 10 * 60 * 1000 + 1;
    await expect(setup.flow.completeAuthorization(callback)).rejects.toMatchObject({
      code: ErrorCode.TRANSACTION_EXPIRED,
    });
    expect(net.requests.filter((r) => r.url.endsWith('/token'))).toHaveLength(0);
  });

  it('sweeps expired transactions when a new one starts', async () => {
    const setup = await makeFlow(await testProviders(config), provider().fetch);
    await setup.flow.startAuthorization('manual');
    setup.clock.now += 11 * 60 * 1000;
    await setup.flow.startAuthorization('manual');
    expect(await setup.transactions.keys()).toEqual(['tx:state-2']);
  });

  it('reports access_denied verbatim and stores nothing', async () => {
    const setup = await makeFlow(await testProviders(config), provider().fetch);
    const { state } = await startAndCallback(setup);
    const error = await setup.flow
      .completeAuthorization(
        `${REDIRECT_URI}?error=access_denied&error_description=User+said+no&state=${state}&iss=${encodeURIComponent(ISSUER)}`,
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.ACCESS_DENIED,
      providerId: 'acme',
      oauthError: 'access_denied',
      oauthErrorDescription: 'User said no',
    });
    expect(await setup.connections.list()).toEqual([]);
  });

  it('keeps any other error= as it came', async () => {
    const setup = await makeFlow(await testProviders(config), provider().fetch);
    const { state } = await startAndCallback(setup);
    await expect(
      setup.flow.completeAuthorization(
        `${REDIRECT_URI}?error=invalid_scope&state=${state}&iss=${encodeURIComponent(ISSUER)}`,
      ),
    ).rejects.toMatchObject({ code: ErrorCode.AUTHORIZATION_ERROR, oauthError: 'invalid_scope' });
  });
});
