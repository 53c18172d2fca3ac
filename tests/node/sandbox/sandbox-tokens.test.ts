/** The sandbox's tokens: the code exchange, refresh rotation, replay, revocation and lifetime. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server.mjs';
import { APP, SCOPE, authorize, tokenRequest, exchange, signedIn, apiMe } from './sandbox-client';

describe('sandbox tokens', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('runs the whole flow: code + iss + state, tokens, API, refresh rotation, replay refused, stats', async () => {
    sandbox.resetStats();
    const { callback, state, verifier } = await authorize(sandbox);
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('iss')).toBe(sandbox.issuer);
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();

    const { res, body } = await exchange(sandbox, code ?? '', verifier);
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 120 });
    expect(body.access_token).toEqual(expect.any(String));
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(body.id_token).toEqual(expect.any(String));
    expect(String(body.scope).split(' ').sort()).toEqual(SCOPE.split(' ').sort());

    const me = await apiMe(sandbox, String(body.access_token));
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      sub: 'demo',
      name: 'demo user',
      email: 'demo@sandbox.test',
      scope: body.scope,
      token_type: 'Bearer',
    });

    const userinfo = await fetch(new URL('/me', sandbox.issuer), {
      headers: { authorization: `Bearer ${String(body.access_token)}` },
    });
    expect(await userinfo.json()).toMatchObject({
      sub: 'demo',
      email: 'demo@sandbox.test',
      preferred_username: 'demo',
    });

    const refreshed = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: String(body.refresh_token),
      client_id: 'keyfob-sandbox',
    });
    expect(refreshed.res.status).toBe(200);
    expect(refreshed.body.refresh_token).toEqual(expect.any(String));
    expect(refreshed.body.refresh_token).not.toBe(body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(body.access_token);
    expect((await apiMe(sandbox, String(refreshed.body.access_token))).status).toBe(200);

    const replay = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: String(body.refresh_token),
      client_id: 'keyfob-sandbox',
    });
    expect(replay.res.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');

    // Reuse detection: replaying a rotated token revokes the whole grant, so even the newest
    // refresh and access tokens die. An app that refreshes twice in parallel loses its connection.
    const newest = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: String(refreshed.body.refresh_token),
      client_id: 'keyfob-sandbox',
    });
    expect(newest.body.error).toBe('invalid_grant');
    expect((await apiMe(sandbox, String(refreshed.body.access_token))).status).toBe(401);

    // The code is one-time.
    expect((await exchange(sandbox, code ?? '', verifier)).body.error).toBe('invalid_grant');

    expect(sandbox.stats()).toEqual({
      token: { authorization_code: 2, refresh_token: 3 },
      tokenErrors: { invalid_grant: 3 },
      revocation: 0,
      api: 3,
    });
    const hook = await fetch(new URL('/__sandbox/stats', sandbox.issuer));
    expect(await hook.json()).toEqual(sandbox.stats());
    expect(
      (await fetch(new URL('/__sandbox/reset', sandbox.issuer), { method: 'POST' })).status,
    ).toBe(204);
    expect(sandbox.stats()).toEqual({
      token: { authorization_code: 0, refresh_token: 0 },
      tokenErrors: {},
      revocation: 0,
      api: 0,
    });
  });

  it('revokes the tokens a code gave when the code is replayed (RFC 6749 4.1.2)', async () => {
    const { callback, verifier } = await authorize(sandbox);
    const code = callback.searchParams.get('code') ?? '';
    const first = await exchange(sandbox, code, verifier);
    expect(first.res.status).toBe(200);
    expect((await exchange(sandbox, code, verifier)).body.error).toBe('invalid_grant');
    expect((await apiMe(sandbox, String(first.body.access_token))).status).toBe(401);
  });

  it('issues no refresh token when offline_access is not asked for', async () => {
    const { callback, verifier } = await authorize(sandbox, { scope: 'openid api:read' });
    const { body } = await exchange(sandbox, callback.searchParams.get('code') ?? '', verifier);
    expect(body.access_token).toEqual(expect.any(String));
    expect(body.refresh_token).toBeUndefined();
  });

  it('revokes a refresh token (RFC 7009) so that it no longer works', async () => {
    sandbox.resetStats();
    const tokens = await signedIn(sandbox);
    const res = await fetch(new URL('/token/revocation', sandbox.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP },
      body: new URLSearchParams({
        token: tokens.refresh_token,
        token_type_hint: 'refresh_token',
        client_id: 'keyfob-sandbox',
      }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    const after = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: 'keyfob-sandbox',
    });
    expect(after.body.error).toBe('invalid_grant');
    // Revoking the refresh token revokes the grant, and with it the access token.
    expect((await apiMe(sandbox, tokens.access_token)).status).toBe(401);
    expect(sandbox.stats()).toMatchObject({ revocation: 1, tokenErrors: { invalid_grant: 1 } });
  });
});

describe('sandbox access token lifetime', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, accessTokenTtl: 1 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('stops accepting an access token once its TTL has passed', async () => {
    const tokens = await signedIn(sandbox);
    expect((await apiMe(sandbox, tokens.access_token)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const res = await apiMe(sandbox, tokens.access_token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });
});
