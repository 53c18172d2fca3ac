// A protocol check of the bench's authorization server, from Node with fetch (no browser), run
// before every measurement: discovery, PKCE required, and for each redirect URI a code flow whose
// exchange is allowed from that origin by CORS, with a token request from an unlisted origin refused.
import * as crypto from 'node:crypto';
import { CLIENT_ID } from './authz-server.mjs';

/** @typedef {{ name: string, ok: boolean, detail: string }} Check */

const b64u = (/** @type {Uint8Array} */ bytes) => Buffer.from(bytes).toString('base64url');

/**
 * Follows the authorization redirects with a small cookie jar until the redirect URI.
 * @param {string} issuer
 * @param {Record<string, string> & { redirect_uri: string }} params
 */
async function authorize(issuer, params) {
  const jar = new Map();
  let url = `${issuer}/auth?${new URLSearchParams(params)}`;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      signal: AbortSignal.timeout(5000),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    await res.arrayBuffer();
    const location = res.headers.get('location');
    if (!location) throw new Error(`no redirect at hop ${hop} (${res.status} ${url})`);
    const next = new URL(location, url);
    if (next.href.startsWith(params.redirect_uri)) return next;
    url = next.href;
  }
  throw new Error('too many redirects');
}

/**
 * @param {string} issuer
 * @param {Record<string, string>} body
 * @param {string} origin
 */
async function tokenRequest(issuer, body, origin) {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams(body),
    signal: AbortSignal.timeout(5000),
  });
  return {
    status: res.status,
    acao: res.headers.get('access-control-allow-origin'),
    json: await res.json(),
  };
}

/**
 * Returns every check with ok and a detail; the caller decides what a failure means.
 * @param {{ issuer: string, redirectUris: string[] }} options
 * @returns {Promise<Check[]>}
 */
export async function selftest({ issuer, redirectUris }) {
  /** @type {Check[]} */
  const checks = [];
  const check = (/** @type {string} */ name, /** @type {unknown} */ ok, detail = '') =>
    checks.push({ name, ok: Boolean(ok), detail });

  const meta = await (
    await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) })
  ).json();
  check('discovery names the issuer', meta.issuer === issuer, meta.issuer);
  check('S256 is advertised', meta.code_challenge_methods_supported?.includes('S256'));

  const base = { client_id: CLIENT_ID, response_type: 'code', scope: 'openid' };
  const noPkce = await authorize(issuer, { ...base, redirect_uri: String(redirectUris[0]) });
  check(
    'an authorization without PKCE is refused',
    noPkce.searchParams.get('error') === 'invalid_request',
  );

  for (const redirectUri of redirectUris) {
    const origin = new URL(redirectUri).origin;
    const verifier = b64u(crypto.randomBytes(32));
    const callback = await authorize(issuer, {
      ...base,
      redirect_uri: redirectUri,
      code_challenge: b64u(crypto.createHash('sha256').update(verifier).digest()),
      code_challenge_method: 'S256',
      state: 'st',
    });
    const code = callback.searchParams.get('code');
    check(
      `${redirectUri}: a code comes back with the state`,
      code && callback.searchParams.get('state') === 'st',
    );
    const body = {
      grant_type: 'authorization_code',
      // No code (the check above then failed) goes out as "null", as URLSearchParams sent it.
      code: String(code),
      redirect_uri: redirectUri,
      client_id: CLIENT_ID,
      code_verifier: verifier,
    };
    const refused = await tokenRequest(issuer, body, 'http://127.0.0.1:1');
    check(
      `${redirectUri}: a token request from an unlisted origin is refused`,
      refused.status === 400 && !refused.acao,
    );
    const tokens = await tokenRequest(issuer, body, origin);
    check(
      `${redirectUri}: the code is exchanged from ${origin}, CORS allowed`,
      tokens.status === 200 && tokens.acao === origin && tokens.json.access_token,
      `status ${tokens.status}`,
    );
  }
  return checks;
}
