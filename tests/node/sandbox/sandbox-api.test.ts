/** The sandbox's API (/api/me, /api/echo) and its CORS rules for the app's origins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox/server.mjs';
import { APP, REDIRECT_URI, type Json, authorize, signedIn, apiMe } from './sandbox-client';

describe('sandbox API and CORS', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
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
      fetch(new URL('/api/echo', sandbox.issuer), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-keyfob-test': 'yes', ...headers },
        body,
      });
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
    expect(answer).toMatchObject({
      method: 'POST',
      path: '/api/echo',
      body: { hello: 'sandbox', n: [1, 2] },
    });
    expect(answer.headers).toMatchObject({
      'x-keyfob-test': 'yes',
      'content-type': 'application/json',
    });
    expect(answer.headers).not.toHaveProperty('authorization');

    const notJson = await echo({ authorization: `Bearer ${tokens.access_token}` }, '{oops');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as Json).error).toBe('invalid_json');
    const preflight = await fetch(new URL('/api/echo', sandbox.issuer), {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-keyfob-test',
      },
    });
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-keyfob-test');
    expect((await fetch(new URL('/api/me', sandbox.issuer), { method: 'POST' })).status).toBe(405);
  });

  it('allows CORS for the app origins only', async () => {
    const preflight = (origin: string, path: string, requestHeaders = 'content-type') =>
      fetch(new URL(path, sandbox.issuer), {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': path === '/api/me' ? 'GET' : 'POST',
          'access-control-request-headers': requestHeaders,
        },
      });
    for (const path of ['/token', '/token/revocation']) {
      expect((await preflight(APP, path)).headers.get('access-control-allow-origin')).toBe(APP);
      expect(
        (await preflight('https://evil.example', path)).headers.get('access-control-allow-origin'),
      ).toBeNull();
    }
    const apiPreflight = await preflight('http://127.0.0.1:4173', '/api/me', 'authorization');
    expect(apiPreflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4173');
    expect(apiPreflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    );
    expect(
      (await preflight('https://evil.example', '/api/me', 'authorization')).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();

    const discovery = (origin: string) =>
      fetch(new URL('/.well-known/openid-configuration', sandbox.issuer), { headers: { origin } });
    expect((await discovery(APP)).headers.get('access-control-allow-origin')).toBe(APP);
    expect(
      (await discovery('https://evil.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();

    const tokens = await signedIn(sandbox);
    const me = await apiMe(sandbox, tokens.access_token, { origin: APP });
    expect(me.headers.get('access-control-allow-origin')).toBe(APP);
    expect(
      (await apiMe(sandbox, tokens.access_token, { origin: 'https://evil.example' })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();

    // A token request from a foreign origin is refused outright, not just hidden from its script.
    const { callback: code, verifier } = await authorize(sandbox);
    const fromEvil = await fetch(new URL('/token', sandbox.issuer), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        client_id: 'keyfob-sandbox',
        code_verifier: verifier,
      }).toString(),
    });
    expect(fromEvil.status).toBe(400);
    expect(fromEvil.headers.get('access-control-allow-origin')).toBeNull();
  });
});
