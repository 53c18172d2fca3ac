/**
 * The sandbox authorization server, driven over HTTP the way a browser and the app would: redirects
 * followed and cookies kept by hand, so every hop of the code + PKCE flow is visible and asserted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_APP_ORIGINS, SANDBOX_PROVIDER_IDS, startSandbox, type Sandbox } from '../../../sandbox/server.mjs';

const APP = 'http://127.0.0.1:5173';
/** Keyfob's redirect URI for the sandbox: one per provider id, `callback/<id>`. */
const REDIRECT_URI = `${APP}/callback/sandbox`;
const SCOPE = 'openid profile email offline_access api:read';

type Json = Record<string, unknown>;

const b64url = (buf: Buffer) => buf.toString('base64url');

function pkce() {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
}

/** A browser's cookie store, reduced to what the sandbox needs: one host, names unique enough. */
class Jar {
  private cookies = new Map<string, string>();

  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now());
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function browserGet(jar: Jar, url: string, init: RequestInit = {}) {
  const res = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header(), accept: 'text/html' },
  });
  jar.store(res);
  return res;
}

interface AuthorizeOptions {
  clientId?: string;
  action?: 'login' | 'deny';
  scope?: string;
}

/** Authorize, sign in (or deny) on the sandbox page, and return the final redirect to the app. */
async function authorize(sandbox: Sandbox, { clientId = 'keyfob-sandbox', action = 'login', scope = SCOPE }: AuthorizeOptions = {}) {
  const jar = new Jar();
  const { verifier, challenge } = pkce();
  const state = b64url(randomBytes(16));
  const auth = new URL('/auth', sandbox.issuer);
  auth.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    nonce: b64url(randomBytes(16)),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();

  let res = await browserGet(jar, auth.href);
  expect(res.status).toBe(303);
  const interactionUrl = new URL(res.headers.get('location') ?? '', sandbox.issuer).href;
  expect(interactionUrl).toMatch(/\/interaction\/[\w-]+$/);

  res = await browserGet(jar, interactionUrl);
  expect(res.status).toBe(200);
  const page = await res.text();
  expect(page).toContain('>Sign in as demo user</button>');
  expect(page).toContain('>Deny</button>');
  expect(page).toContain(clientId);
  expect(page).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/i);
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");

  res = await browserGet(jar, interactionUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action }).toString(),
  });
  expect(res.status).toBe(303);
  // Resume at /auth/:uid, which redirects to the app.
  let location = new URL(res.headers.get('location') ?? '', sandbox.issuer).href;
  for (let hops = 0; !location.startsWith(APP) && hops < 5; hops += 1) {
    res = await browserGet(jar, location);
    expect([302, 303]).toContain(res.status);
    location = new URL(res.headers.get('location') ?? '', sandbox.issuer).href;
  }
  const callback = new URL(location);
  expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
  return { callback, state, verifier };
}

async function tokenRequest(sandbox: Sandbox, params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(new URL('/token', sandbox.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  return { res, body: (await res.json()) as Json };
}

async function exchange(sandbox: Sandbox, code: string, verifier: string, extra: Record<string, string> = {}) {
  return tokenRequest(sandbox, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT_URI,
    client_id: 'keyfob-sandbox',
    ...extra,
  });
}

async function signedIn(sandbox: Sandbox) {
  const { callback, verifier } = await authorize(sandbox);
  const { res, body } = await exchange(sandbox, callback.searchParams.get('code') ?? '', verifier);
  expect(res.status).toBe(200);
  return body as { access_token: string; refresh_token: string; id_token: string; scope: string };
}

const apiMe = (sandbox: Sandbox, token?: string, headers: Record<string, string> = {}) =>
  fetch(new URL('/api/me', sandbox.issuer), {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });

describe('sandbox authorization server', () => {
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
      for (const id of SANDBOX_PROVIDER_IDS) expect(await status(`${origin}/callback/${id}`), id).toBe(303);
    }
    expect(await status(`${APP}/callback`)).toBe(400);
    expect(await status(`${APP}/callback/acme`)).toBe(400);
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
    expect(await me.json()).toEqual({ sub: 'demo', name: 'demo user', email: 'demo@sandbox.test', scope: body.scope, token_type: 'Bearer' });

    const userinfo = await fetch(new URL('/me', sandbox.issuer), { headers: { authorization: `Bearer ${String(body.access_token)}` } });
    expect(await userinfo.json()).toMatchObject({ sub: 'demo', email: 'demo@sandbox.test', preferred_username: 'demo' });

    const refreshed = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: String(body.refresh_token), client_id: 'keyfob-sandbox' });
    expect(refreshed.res.status).toBe(200);
    expect(refreshed.body.refresh_token).toEqual(expect.any(String));
    expect(refreshed.body.refresh_token).not.toBe(body.refresh_token);
    expect(refreshed.body.access_token).not.toBe(body.access_token);
    expect((await apiMe(sandbox, String(refreshed.body.access_token))).status).toBe(200);

    const replay = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: String(body.refresh_token), client_id: 'keyfob-sandbox' });
    expect(replay.res.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');

    // Reuse detection: replaying a rotated token revokes the whole grant, so even the newest
    // refresh and access tokens die. An app that refreshes twice in parallel loses its connection.
    const newest = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: String(refreshed.body.refresh_token), client_id: 'keyfob-sandbox' });
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
    expect((await fetch(new URL('/__sandbox/reset', sandbox.issuer), { method: 'POST' })).status).toBe(204);
    expect(sandbox.stats()).toEqual({ token: { authorization_code: 0, refresh_token: 0 }, tokenErrors: {}, revocation: 0, api: 0 });
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

  it('answers /api/me with 401 invalid_token without a token or with a bad one', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const res = await apiMe(sandbox, token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expect(((await res.json()) as Json).error).toBe('invalid_token');
    }
  });

  it('echoes a POST to /api/echo (method, custom header, JSON body) only with a valid token', async () => {
    const echo = (headers: Record<string, string>, body = '{"hello":"sandbox","n":[1,2]}') =>
      fetch(new URL('/api/echo', sandbox.issuer), { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyfob-test': 'yes', ...headers }, body });
    const refused = await echo({});
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as Json).error).toBe('invalid_token');
    expect((await echo({ authorization: 'Bearer not-a-token' })).status).toBe(401);

    const tokens = await signedIn(sandbox);
    const res = await echo({ authorization: `Bearer ${tokens.access_token}`, origin: APP });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    const text = await res.text();
    expect(text).not.toContain(tokens.access_token);
    const answer = JSON.parse(text) as Json;
    expect(answer).toMatchObject({ method: 'POST', path: '/api/echo', body: { hello: 'sandbox', n: [1, 2] } });
    expect(answer.headers).toMatchObject({ 'x-keyfob-test': 'yes', 'content-type': 'application/json' });
    expect(answer.headers).not.toHaveProperty('authorization');

    const notJson = await echo({ authorization: `Bearer ${tokens.access_token}` }, '{oops');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as Json).error).toBe('invalid_json');
    const preflight = await fetch(new URL('/api/echo', sandbox.issuer), {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-keyfob-test' },
    });
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-keyfob-test');
    expect((await fetch(new URL('/api/me', sandbox.issuer), { method: 'POST' })).status).toBe(405);
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
    const { callback, verifier } = await authorize(sandbox, { clientId: 'keyfob-sandbox-confidential' });
    const code = callback.searchParams.get('code') ?? '';
    const params = { client_id: 'keyfob-sandbox-confidential' };
    const without = await exchange(sandbox, code, verifier, params);
    expect(without.res.status).toBe(401);
    expect(without.body.error).toBe('invalid_client');
    const badVerifier = await exchange(sandbox, code, pkce().verifier, { ...params, client_secret: 'sandbox-secret' });
    expect(badVerifier.body.error).toBe('invalid_grant');

    const again = await authorize(sandbox, { clientId: 'keyfob-sandbox-confidential' });
    const withSecret = await exchange(sandbox, again.callback.searchParams.get('code') ?? '', again.verifier, { ...params, client_secret: 'sandbox-secret' });
    expect(withSecret.res.status).toBe(200);
    expect(withSecret.body.refresh_token).toEqual(expect.any(String));
  });

  it('allows CORS for the app origins only', async () => {
    const preflight = (origin: string, path: string, requestHeaders = 'content-type') =>
      fetch(new URL(path, sandbox.issuer), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': path === '/api/me' ? 'GET' : 'POST', 'access-control-request-headers': requestHeaders },
      });
    for (const path of ['/token', '/token/revocation']) {
      expect((await preflight(APP, path)).headers.get('access-control-allow-origin')).toBe(APP);
      expect((await preflight('https://evil.example', path)).headers.get('access-control-allow-origin')).toBeNull();
    }
    const apiPreflight = await preflight('http://127.0.0.1:4173', '/api/me', 'authorization');
    expect(apiPreflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4173');
    expect(apiPreflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect((await preflight('https://evil.example', '/api/me', 'authorization')).headers.get('access-control-allow-origin')).toBeNull();

    const discovery = (origin: string) => fetch(new URL('/.well-known/openid-configuration', sandbox.issuer), { headers: { origin } });
    expect((await discovery(APP)).headers.get('access-control-allow-origin')).toBe(APP);
    expect((await discovery('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();

    const tokens = await signedIn(sandbox);
    const me = await apiMe(sandbox, tokens.access_token, { origin: APP });
    expect(me.headers.get('access-control-allow-origin')).toBe(APP);
    expect((await apiMe(sandbox, tokens.access_token, { origin: 'https://evil.example' })).headers.get('access-control-allow-origin')).toBeNull();

    // A token request from a foreign origin is refused outright, not just hidden from its script.
    const { callback: code, verifier } = await authorize(sandbox);
    const fromEvil = await fetch(new URL('/token', sandbox.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: code.searchParams.get('code') ?? '', redirect_uri: REDIRECT_URI, client_id: 'keyfob-sandbox', code_verifier: verifier }).toString(),
    });
    expect(fromEvil.status).toBe(400);
    expect(fromEvil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('revokes a refresh token (RFC 7009) so that it no longer works', async () => {
    sandbox.resetStats();
    const tokens = await signedIn(sandbox);
    const res = await fetch(new URL('/token/revocation', sandbox.issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: APP },
      body: new URLSearchParams({ token: tokens.refresh_token, token_type_hint: 'refresh_token', client_id: 'keyfob-sandbox' }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    const after = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: 'keyfob-sandbox' });
    expect(after.body.error).toBe('invalid_grant');
    // Revoking the refresh token revokes the grant, and with it the access token.
    expect((await apiMe(sandbox, tokens.access_token)).status).toBe(401);
    expect(sandbox.stats()).toMatchObject({ revocation: 1, tokenErrors: { invalid_grant: 1 } });
  });

  it('survives garbage without crashing', async () => {
    const junk = await fetch(new URL('/token', sandbox.issuer), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(junk.status).toBeGreaterThanOrEqual(400);
    const stale = await fetch(new URL('/interaction/nope', sandbox.issuer), { method: 'POST', body: 'action=login' });
    expect(stale.status).toBe(400);
    expect((await fetch(new URL('/.well-known/openid-configuration', sandbox.issuer))).status).toBe(200);
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
