/**
 * A client for the sandbox authorization server that acts as a browser and the app would:
 * redirects followed and cookies kept by hand, so every hop of the code + PKCE flow is visible
 * and asserted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';

import type { Sandbox } from '../../../sandbox/server.mjs';

export const APP = 'http://127.0.0.1:5173';
/** Keyfob's redirect URI for the sandbox: one per provider id, `callback/<id>`. */
export const REDIRECT_URI = `${APP}/callback/sandbox`;
export const SCOPE = 'openid profile email offline_access api:read';

export type Json = Record<string, unknown>;

export const b64url = (buf: Buffer) => buf.toString('base64url');

export function pkce() {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
}

/** A browser's cookie store, reduced to what the sandbox needs: one host, names unique enough. */
export class Jar {
  private cookies = new Map<string, string>();

  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now(),
      );
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export async function browserGet(jar: Jar, url: string, init: RequestInit = {}) {
  const res = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: {
      ...(init.headers as Record<string, string>),
      cookie: jar.header(),
      accept: 'text/html',
    },
  });
  jar.store(res);
  return res;
}

export interface AuthorizeOptions {
  clientId?: string;
  action?: 'login' | 'deny';
  scope?: string;
}

/** Authorize, sign in (or deny) on the sandbox page, and return the final redirect to the app. */
export async function authorize(
  sandbox: Sandbox,
  { clientId = 'keyfob-sandbox', action = 'login', scope = SCOPE }: AuthorizeOptions = {},
) {
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

export async function tokenRequest(
  sandbox: Sandbox,
  params: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const res = await fetch(new URL('/token', sandbox.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  return { res, body: (await res.json()) as Json };
}

export async function exchange(
  sandbox: Sandbox,
  code: string,
  verifier: string,
  extra: Record<string, string> = {},
) {
  return tokenRequest(sandbox, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT_URI,
    client_id: 'keyfob-sandbox',
    ...extra,
  });
}

export async function signedIn(sandbox: Sandbox) {
  const { callback, verifier } = await authorize(sandbox);
  const { res, body } = await exchange(sandbox, callback.searchParams.get('code') ?? '', verifier);
  expect(res.status).toBe(200);
  return body as { access_token: string; refresh_token: string; id_token: string; scope: string };
}

export const apiMe = (sandbox: Sandbox, token?: string, headers: Record<string, string> = {}) =>
  fetch(new URL('/api/me', sandbox.issuer), {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
