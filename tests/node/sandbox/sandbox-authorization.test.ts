/** The sandbox's authorization endpoint and client rules: metadata, PKCE, redirect URIs, consent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_APP_ORIGINS,
  SANDBOX_PROVIDER_IDS,
  startSandbox,
  type Sandbox,
} from '../../../sandbox/server.mjs';
import { APP, REDIRECT_URI, SCOPE, type Json, pkce, authorize, exchange } from './sandbox-client';

describe('sandbox authorization endpoint', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('names its real port in an exact issuer and advertises S256, revocation and RFC 9207 iss', async () => {
    expect(sandbox.port).toBeGreaterThan(0);
    expect(sandbox.issuer).toBe(`http://127.0.0.1:${sandbox.port}`);
    const res = await fetch(new URL('/.well-known/openid-configuration', sandbox.issuer));
    const meta = (await res.json()) as Json;
    expect(meta.issuer).toBe(sandbox.issuer);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.revocation_endpoint).toBe(`${sandbox.issuer}/token/revocation`);
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(SCOPE.split(' ')));
  });

  it('refuses an authorization request without a code_challenge', async () => {
    const auth = new URL('/auth', sandbox.issuer);
    auth.search = new URLSearchParams({
      client_id: 'keyfob-sandbox',
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: SCOPE,
      state: 'x',
    }).toString();
    const res = await fetch(auth, { redirect: 'manual' });
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses a redirect_uri that is not registered exactly', async () => {
    const auth = new URL('/auth', sandbox.issuer);
    auth.search = new URLSearchParams({
      client_id: 'keyfob-sandbox',
      response_type: 'code',
      redirect_uri: `${REDIRECT_URI}/`,
      scope: SCOPE,
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    }).toString();
    // Never redirected to an unregistered URI: an error page on the sandbox itself.
    const res = await fetch(auth, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('invalid_redirect_uri');
  });

  it('registers one redirect URI per provider id Keyfob gives the sandbox, and not the old /callback', async () => {
    const status = async (redirectUri: string) => {
      const auth = new URL('/auth', sandbox.issuer);
      auth.search = new URLSearchParams({
        client_id: 'keyfob-sandbox',
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: SCOPE,
        state: 's',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      }).toString();
      return (await fetch(auth, { redirect: 'manual' })).status;
    };
    for (const origin of DEFAULT_APP_ORIGINS) {
      // Accepted: on to the sign-in interaction (303), not the error page (400).
      for (const id of SANDBOX_PROVIDER_IDS)
        expect(await status(`${origin}/callback/${id}`), id).toBe(303);
    }
    expect(await status(`${APP}/callback`)).toBe(400);
    expect(await status(`${APP}/callback/acme`)).toBe(400);
  });

  it('sends the person back with error=access_denied when they press Deny', async () => {
    const { callback, state } = await authorize(sandbox, { action: 'deny' });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('error_description')).toBe('The user declined to connect.');
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('iss')).toBe(sandbox.issuer);
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('requires the secret from the confidential client, and PKCE too', async () => {
    const { callback, verifier } = await authorize(sandbox, {
      clientId: 'keyfob-sandbox-confidential',
    });
    const code = callback.searchParams.get('code') ?? '';
    const params = { client_id: 'keyfob-sandbox-confidential' };
    const without = await exchange(sandbox, code, verifier, params);
    expect(without.res.status).toBe(401);
    expect(without.body.error).toBe('invalid_client');
    const badVerifier = await exchange(sandbox, code, pkce().verifier, {
      ...params,
      client_secret: 'sandbox-secret',
    });
    expect(badVerifier.body.error).toBe('invalid_grant');

    const again = await authorize(sandbox, { clientId: 'keyfob-sandbox-confidential' });
    const withSecret = await exchange(
      sandbox,
      again.callback.searchParams.get('code') ?? '',
      again.verifier,
      { ...params, client_secret: 'sandbox-secret' },
    );
    expect(withSecret.res.status).toBe(200);
    expect(withSecret.body.refresh_token).toEqual(expect.any(String));
  });

  it('survives garbage without crashing', async () => {
    const junk = await fetch(new URL('/token', sandbox.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(junk.status).toBeGreaterThanOrEqual(400);
    const stale = await fetch(new URL('/interaction/nope', sandbox.issuer), {
      method: 'POST',
      body: 'action=login',
    });
    expect(stale.status).toBe(400);
    expect((await fetch(new URL('/.well-known/openid-configuration', sandbox.issuer))).status).toBe(
      200,
    );
  });
});
