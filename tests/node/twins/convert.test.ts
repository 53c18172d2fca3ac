import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CONVERT_CLIENT_ID,
  CONVERT_DEMO_ACCOUNTS,
  startConvertTwin,
  type ConvertTwin,
} from '../../../sandbox/twins/convert.mjs';
import {
  APP_ORIGIN,
  redirectUriOf,
  bearer,
  consent,
  form,
  json,
  openAuthorize,
  pkcePair,
  preflight,
} from './helpers';

const REDIRECT_URI = redirectUriOf('convert');

const AUTHORIZE = '/auth/oauth/authorize';
const TOKEN = '/api/v2/auth/oauth/token';

let twin: ConvertTwin;
let clock = Date.UTC(2026, 0, 10, 12, 0, 0);

beforeAll(async () => {
  twin = await startConvertTwin({ port: 0, appOrigins: [APP_ORIGIN], now: () => clock });
});
afterAll(() => twin.close());
beforeEach(() => twin.reset());

/** Runs authorize -> Allow and returns the code, with the verifier that goes with it. */
async function authorize(extra: Record<string, string> = {}) {
  const { verifier, challenge } = pkcePair();
  const back = await consent(twin.url, AUTHORIZE, {
    client_id: CONVERT_CLIENT_ID,
    response_type: 'code',
    scope: 'selected_accounts_projects',
    state: 'st-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    redirect_uri: REDIRECT_URI,
    ...extra,
  });
  expect(back.origin + back.pathname).toBe(REDIRECT_URI);
  expect(back.searchParams.get('state')).toBe('st-1');
  expect(back.searchParams.has('iss')).toBe(false);
  const code = back.searchParams.get('code');
  expect(code).toBeTruthy();
  return { code: code ?? '', verifier };
}

function exchange(code: string, verifier: string, extra: Record<string, unknown> = {}) {
  return fetch(`${twin.url}${TOKEN}`, {
    ...json({
      grant_type: 'authorization_code',
      code,
      client_id: CONVERT_CLIENT_ID,
      code_verifier: verifier,
      ...extra,
    }),
  });
}

describe('Convert twin', () => {
  it('happy path: Allow -> code -> JSON token exchange -> account details', async () => {
    const { code, verifier } = await authorize();
    const res = await exchange(code, verifier);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_at', 'scope', 'token_type']);
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_at).toBe(Math.floor(clock / 1000) + 3600);
    expect(body).not.toHaveProperty('expires_in');
    expect(body).not.toHaveProperty('refresh_token');
    expect(body.scope).toEqual({ mode: 'selected', accounts: CONVERT_DEMO_ACCOUNTS });

    const account = await fetch(`${twin.url}/api/v2/accounts/100001`, bearer(body.access_token));
    expect(account.status).toBe(200);
    expect((await account.json()).data).toMatchObject({ id: 100001, name: 'Demo Agency' });
    expect(twin.stats()).toMatchObject({ tokenRequests: { authorization_code: 1 }, apiCalls: 1 });
  });

  it('refuses a form-encoded token request with 415 in its error format', async () => {
    const { code, verifier } = await authorize();
    const res = await fetch(
      `${twin.url}${TOKEN}`,
      form({
        grant_type: 'authorization_code',
        code,
        client_id: CONVERT_CLIENT_ID,
        code_verifier: verifier,
      }),
    );
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: 415, error: 'invalid_request' });
    // The code was not spent by the refused request.
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it('needs no redirect_uri anywhere (the vendor example sends none), and S256 is implied', async () => {
    const { verifier, challenge } = pkcePair();
    const back = await consent(twin.url, AUTHORIZE, {
      client_id: CONVERT_CLIENT_ID,
      response_type: 'code',
      scope: 'selected_accounts_projects',
      state: 's',
      code_challenge: challenge,
    });
    expect(back.href.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    const res = await exchange(back.searchParams.get('code') ?? '', verifier);
    expect(res.status).toBe(200);
  });

  it('has no refresh grant', async () => {
    const res = await fetch(
      `${twin.url}${TOKEN}`,
      json({ grant_type: 'refresh_token', refresh_token: 'x', client_id: CONVERT_CLIENT_ID }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 400, error: 'unsupported_grant_type' });
    expect(twin.stats().tokenRequests).toEqual({ refresh_token: 1 });
  });

  it('Deny -> access_denied with state', async () => {
    const back = await consent(
      twin.url,
      AUTHORIZE,
      {
        client_id: CONVERT_CLIENT_ID,
        response_type: 'code',
        scope: 'selected_accounts_projects',
        state: 'st-2',
      },
      'deny',
    );
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toBeTruthy();
    expect(back.searchParams.get('state')).toBe('st-2');
    expect(back.searchParams.has('code')).toBe(false);
    expect(twin.stats().authorize.denied).toBe(1);
  });

  it('refuses a PKCE mismatch, a missing verifier and a replayed code with invalid_grant', async () => {
    const first = await authorize();
    const wrong = await exchange(first.code, pkcePair().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });

    const second = await authorize();
    const missing = await fetch(
      `${twin.url}${TOKEN}`,
      json({ grant_type: 'authorization_code', code: second.code, client_id: CONVERT_CLIENT_ID }),
    );
    expect(await missing.json()).toMatchObject({ error: 'invalid_grant' });

    const third = await authorize();
    expect((await exchange(third.code, third.verifier)).status).toBe(200);
    const replay = await exchange(third.code, third.verifier);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({
      error: 'invalid_grant',
      message: 'authorization code already used',
    });
  });

  it('codes expire after 60 s', async () => {
    const { code, verifier } = await authorize();
    clock += 61_000;
    const res = await exchange(code, verifier);
    expect(await res.json()).toMatchObject({
      error: 'invalid_grant',
      message: 'authorization code expired',
    });
  });

  it('validates the authorize request: client, redirect_uri (page), response_type and scope (redirect)', async () => {
    const base = {
      client_id: CONVERT_CLIENT_ID,
      response_type: 'code',
      scope: 'selected_accounts_projects',
      state: 's',
    };
    const unknownClient = await openAuthorize(twin.url, AUTHORIZE, { ...base, client_id: 'nope' });
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.text()).toContain('Unknown client_id');

    const badRedirect = await openAuthorize(twin.url, AUTHORIZE, {
      ...base,
      redirect_uri: `${REDIRECT_URI}/`,
    });
    expect(badRedirect.status).toBe(400);

    const token = await openAuthorize(twin.url, AUTHORIZE, { ...base, response_type: 'token' });
    expect(token.status).toBe(302);
    expect(new URL(token.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'unsupported_response_type',
    );

    const scope = await openAuthorize(twin.url, AUTHORIZE, { ...base, scope: 'everything' });
    expect(new URL(scope.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'invalid_scope',
    );
  });

  it('expire-all -> 401 in Convert error format; other accounts -> 403', async () => {
    const { code, verifier } = await authorize();
    const { access_token: token } = await (await exchange(code, verifier)).json();
    const other = await fetch(`${twin.url}/api/v2/accounts/999`, bearer(token));
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ code: 403 });

    const hook = await fetch(`${twin.url}/__twin/expire-all`, { method: 'POST' });
    expect(hook.status).toBe(204);
    const expired = await fetch(`${twin.url}/api/v2/accounts/100001`, bearer(token));
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({ code: 401, message: 'Access token expired' });

    const none = await fetch(`${twin.url}/api/v2/accounts/100001`);
    expect(await none.json()).toEqual({ code: 401, message: 'Authentication required' });
  });

  it('GET /__twin/stats and POST /__twin/reset', async () => {
    await authorize();
    const stats = await (await fetch(`${twin.url}/__twin/stats`)).json();
    expect(stats.authorize).toMatchObject({ shown: 1, allowed: 1 });
    expect((await fetch(`${twin.url}/__twin/reset`, { method: 'POST' })).status).toBe(204);
    expect(twin.stats().authorize.allowed).toBe(0);
    expect(twin.state.store.codes.size).toBe(0);
  });

  it('CORS: exact origins only, and off with cors: false', async () => {
    const ok = await preflight(`${twin.url}${TOKEN}`, APP_ORIGIN, 'content-type');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(ok.headers.get('access-control-allow-headers')).toContain('content-type');

    const evil = await preflight(`${twin.url}${TOKEN}`, 'http://127.0.0.1:6666', 'content-type');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();

    const api = await fetch(`${twin.url}/api/v2/accounts/100001`, {
      headers: { origin: APP_ORIGIN },
    });
    expect(api.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);

    const off = await startConvertTwin({ port: 0, appOrigins: [APP_ORIGIN], cors: false });
    try {
      const pre = await preflight(`${off.url}${TOKEN}`, APP_ORIGIN, 'content-type');
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      expect(pre.headers.get('access-control-allow-methods')).toBeNull();
      const res = await fetch(`${off.url}${TOKEN}`, {
        ...json({}),
        headers: { origin: APP_ORIGIN, 'content-type': 'application/json' },
      });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await off.close();
    }
  });
});
