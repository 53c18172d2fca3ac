/**
 * The sandbox's two shapes (OpenID provider, plain OAuth 2.0 server) with and without a path in
 * the issuer: where each publishes its metadata, what it answers elsewhere, and a whole code +
 * PKCE flow driven only from the discovered endpoints, as a client that knows just the issuer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/server.mjs';

const APP = 'http://127.0.0.1:5173';
const REDIRECT_URI = `${APP}/callback/acme`;
type Json = Record<string, unknown>;

/** One cookie per name is all the sandbox needs. */
function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    store(res: Response) {
      for (const line of res.headers.getSetCookie()) {
        const pair = line.split(';')[0] ?? '';
        const eq = pair.indexOf('=');
        const value = pair.slice(eq + 1).trim();
        if (value) cookies.set(pair.slice(0, eq).trim(), value);
        else cookies.delete(pair.slice(0, eq).trim());
      }
    },
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

async function flow(meta: Json, scope: string) {
  const jar = cookieJar();
  const get = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(res);
    return res;
  };
  const verifier = randomBytes(32).toString('base64url');
  const auth = new URL(String(meta.authorization_endpoint));
  auth.search = new URLSearchParams({
    client_id: 'keyfob-sandbox',
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope,
    state: 'st',
    nonce: 'n',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  let res = await get(auth.href);
  let location = new URL(res.headers.get('location') ?? '', auth).href;
  const interaction = location;
  res = await get(location);
  expect(res.status).toBe(200);
  const page = await res.text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? '';
  res = await get(new URL(action, interaction).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'action=login',
  });
  location = new URL(res.headers.get('location') ?? '', interaction).href;
  for (let hops = 0; !location.startsWith(APP) && hops < 5; hops += 1) {
    res = await get(location);
    location = new URL(res.headers.get('location') ?? '', location).href;
  }
  const callback = new URL(location);
  expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
  const token = await fetch(String(meta.token_endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
      client_id: 'keyfob-sandbox',
    }).toString(),
  });
  expect(token.status).toBe(200);
  return { callback, interaction, tokens: (await token.json()) as Json };
}

const cases: { name: string; options: SandboxOptions; meta: string; absent: string }[] = [
  {
    name: 'plain OAuth, issuer without a path',
    options: { mode: 'oauth2' },
    meta: '/.well-known/oauth-authorization-server',
    absent: '/.well-known/openid-configuration',
  },
  {
    name: 'plain OAuth, issuer /tenant/a',
    options: { mode: 'oauth2', basePath: '/tenant/a' },
    meta: '/.well-known/oauth-authorization-server/tenant/a',
    absent: '/tenant/a/.well-known/openid-configuration',
  },
  {
    name: 'OpenID, issuer /tenant/a',
    options: { basePath: '/tenant/a' },
    meta: '/tenant/a/.well-known/openid-configuration',
    absent: '/.well-known/oauth-authorization-server/tenant/a',
  },
];

describe.each(cases)('sandbox: $name', ({ options, meta, absent }) => {
  let sandbox: Sandbox;
  let origin: string;
  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      appOrigins: [APP],
      redirectUris: [`${APP}/callback`, REDIRECT_URI],
      ...options,
    });
    origin = new URL(sandbox.issuer).origin;
  });
  afterAll(() => sandbox?.close());

  it('publishes its metadata at the one standard location for its issuer, with CORS for the app', async () => {
    expect(sandbox.issuer).toBe(`${origin}${options.basePath ?? ''}`);
    const res = await fetch(`${origin}${meta}`, { headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    const body = (await res.json()) as Json;
    expect(body.issuer).toBe(sandbox.issuer);
    expect(body.authorization_endpoint).toBe(`${sandbox.issuer}/auth`);
    expect(body.token_endpoint).toBe(`${sandbox.issuer}/token`);
    expect(body.revocation_endpoint).toBe(`${sandbox.issuer}/token/revocation`);
    expect(body.code_challenge_methods_supported).toEqual(['S256']);
    if (options.mode === 'oauth2') {
      for (const openIdOnly of [
        'userinfo_endpoint',
        'id_token_signing_alg_values_supported',
        'subject_types_supported',
        'claims_supported',
      ]) {
        expect(body).not.toHaveProperty(openIdOnly);
      }
      expect(body.scopes_supported).not.toContain('openid');
    }
  });

  it('answers a bare 404 without CORS headers at the other location', async () => {
    const res = await fetch(`${origin}${absent}`, { headers: { origin: APP } });
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('runs code + PKCE from the discovered endpoints; an ID token only from the OpenID one', async () => {
    const body = (await (await fetch(`${origin}${meta}`)).json()) as Json;
    const { callback, interaction, tokens } = await flow(body, 'openid offline_access api:read');
    expect(new URL(interaction).pathname).toMatch(
      new RegExp(`^${options.basePath ?? ''}/interaction/`),
    );
    expect(callback.searchParams.get('iss')).toBe(sandbox.issuer);
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
    if (options.mode === 'oauth2') {
      expect(tokens).not.toHaveProperty('id_token');
      expect(String(tokens.scope).split(' ')).not.toContain('openid');
    } else {
      expect(tokens.id_token).toEqual(expect.any(String));
    }
    const me = await fetch(`${sandbox.issuer}/api/me`, {
      headers: { authorization: `Bearer ${String(tokens.access_token)}`, origin: APP },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as Json).sub).toBe('demo');
  });

  it('the API answers with CORS headers on every response, a 404 included', async () => {
    const missing = await fetch(`${sandbox.issuer}/api/nothing-here`, { headers: { origin: APP } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(APP);
    const unauthorised = await fetch(`${sandbox.issuer}/api/me`, { headers: { origin: APP } });
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.headers.get('access-control-allow-origin')).toBe(APP);
  });
});
