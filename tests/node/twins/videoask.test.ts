import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  VIDEOASK_AUDIENCE,
  VIDEOASK_CLIENT_ID,
  VIDEOASK_CLIENT_SECRET,
  startVideoAskTwin,
  type VideoAskTwin,
} from '../../../sandbox/twins/videoask.mjs';
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

const REDIRECT_URI = redirectUriOf('videoask');

let twin: VideoAskTwin;

beforeAll(async () => {
  twin = await startVideoAskTwin({ port: 0, appOrigins: [APP_ORIGIN] });
});
afterAll(() => twin.close());
beforeEach(() => twin.reset());

const AUTH_PARAMS = {
  client_id: VIDEOASK_CLIENT_ID,
  redirect_uri: REDIRECT_URI,
  response_type: 'code',
  scope: 'openid profile email offline_access',
  audience: VIDEOASK_AUDIENCE,
  state: 'va-state',
};

async function authorize(extra: Record<string, string> = {}) {
  const { verifier, challenge } = pkcePair();
  const back = await consent(twin.url, '/authorize', {
    ...AUTH_PARAMS,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  expect(back.searchParams.get('state')).toBe('va-state');
  expect(back.searchParams.has('iss')).toBe(false);
  return { code: back.searchParams.get('code') ?? '', verifier };
}

const SECRET = { client_id: VIDEOASK_CLIENT_ID, client_secret: VIDEOASK_CLIENT_SECRET };

async function tokens(scope?: string) {
  const { code, verifier } = await authorize(scope ? { scope } : {});
  const res = await fetch(
    `${twin.url}/oauth/token`,
    form({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      ...SECRET,
    }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, string | number>;
}

describe('VideoAsk twin', () => {
  it('happy path: Allow -> code -> token (form) -> /me, /organizations, /forms', async () => {
    const body = await tokens();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'openid profile email offline_access',
    });
    expect(body.refresh_token).toBeTruthy();
    expect(body).not.toHaveProperty('id_token');
    const token = String(body.access_token);

    const me = await fetch(`${twin.url}/me`, bearer(token));
    expect(await me.json()).toMatchObject({
      username: 'demo-user',
      email: 'demo@videoask.test',
      user_id: expect.any(String),
    });

    const orgs = await (await fetch(`${twin.url}/organizations`, bearer(token))).json();
    expect(orgs).toMatchObject({
      count: 1,
      results: [{ organization_id: 'org-twin-1', name: 'Demo Org' }],
    });

    const noHeader = await fetch(`${twin.url}/forms`, bearer(token));
    expect(noHeader.status).toBe(400);
    expect(await noHeader.json()).toHaveProperty('detail');
    const otherOrg = await fetch(
      `${twin.url}/forms`,
      bearer(token, { 'organization-id': 'org-other' }),
    );
    expect(otherOrg.status).toBe(403);
    const forms = await fetch(
      `${twin.url}/forms`,
      bearer(token, { 'organization-id': 'org-twin-1' }),
    );
    expect(forms.status).toBe(200);
    expect((await forms.json()).count).toBe(2);
  });

  it('accepts a JSON token request too', async () => {
    const { code, verifier } = await authorize();
    const res = await fetch(
      `${twin.url}/oauth/token`,
      json({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
        ...SECRET,
      }),
    );
    expect(res.status).toBe(200);
  });

  it('no refresh token without offline_access', async () => {
    const body = await tokens('openid profile email');
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('refuses authorize without the audience (redirect with invalid_request)', async () => {
    const withoutAudience = Object.fromEntries(
      Object.entries(AUTH_PARAMS).filter(([name]) => name !== 'audience'),
    );
    const res = await openAuthorize(twin.url, '/authorize', withoutAudience);
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location') ?? '');
    expect(back.origin + back.pathname).toBe(REDIRECT_URI);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toBe('audience missing');
    expect(back.searchParams.get('state')).toBe('va-state');

    const wrong = await openAuthorize(twin.url, '/authorize', {
      ...AUTH_PARAMS,
      audience: 'https://app.videoask.com/',
    });
    expect(new URL(wrong.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'access_denied',
    );
  });

  it('requires the client secret on the code grant and on refresh', async () => {
    const { code, verifier } = await authorize();
    const base = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    };
    const none = await fetch(
      `${twin.url}/oauth/token`,
      form({ ...base, client_id: VIDEOASK_CLIENT_ID }),
    );
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'invalid_client' });
    const wrong = await fetch(
      `${twin.url}/oauth/token`,
      form({ ...base, client_id: VIDEOASK_CLIENT_ID, client_secret: 'nope' }),
    );
    expect(wrong.status).toBe(401);
    // client_secret_basic works as well (Auth0 accepts both).
    const basic = await fetch(`${twin.url}/oauth/token`, {
      ...form(base),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${VIDEOASK_CLIENT_ID}:${VIDEOASK_CLIENT_SECRET}`).toString('base64')}`,
      },
    });
    expect(basic.status).toBe(200);
    const { refresh_token: refresh } = await basic.json();

    const noSecret = await fetch(
      `${twin.url}/oauth/token`,
      form({ grant_type: 'refresh_token', refresh_token: refresh, client_id: VIDEOASK_CLIENT_ID }),
    );
    expect(noSecret.status).toBe(401);
    const ok = await fetch(
      `${twin.url}/oauth/token`,
      form({ grant_type: 'refresh_token', refresh_token: refresh, ...SECRET }),
    );
    expect(ok.status).toBe(200);
    const renewed = await ok.json();
    expect(renewed.access_token).toBeTruthy();
    expect(renewed).not.toHaveProperty('refresh_token');
    expect(twin.stats().tokenRequests).toEqual({ authorization_code: 3, refresh_token: 2 });
  });

  it('Deny, PKCE mismatch (403 invalid_grant, as Auth0) and code replay', async () => {
    const denied = await consent(twin.url, '/authorize', AUTH_PARAMS, 'deny');
    expect(denied.searchParams.get('error')).toBe('access_denied');

    const a = await authorize();
    const mismatch = await fetch(
      `${twin.url}/oauth/token`,
      form({
        grant_type: 'authorization_code',
        code: a.code,
        redirect_uri: REDIRECT_URI,
        code_verifier: pkcePair().verifier,
        ...SECRET,
      }),
    );
    expect(mismatch.status).toBe(403);
    expect(await mismatch.json()).toMatchObject({ error: 'invalid_grant' });

    const b = await authorize();
    const exchange = () =>
      fetch(
        `${twin.url}/oauth/token`,
        form({
          grant_type: 'authorization_code',
          code: b.code,
          redirect_uri: REDIRECT_URI,
          code_verifier: b.verifier,
          ...SECRET,
        }),
      );
    expect((await exchange()).status).toBe(200);
    const replay = await exchange();
    expect(replay.status).toBe(403);
    expect(await replay.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'authorization code already used',
    });
  });

  it('revoke kills the refresh token (form or JSON), answers 200 for unknown tokens, needs the secret', async () => {
    const { refresh_token: refresh } = await tokens();
    const unauth = await fetch(
      `${twin.url}/oauth/revoke`,
      json({ client_id: VIDEOASK_CLIENT_ID, token: refresh }),
    );
    expect(unauth.status).toBe(401);
    const revoked = await fetch(`${twin.url}/oauth/revoke`, json({ ...SECRET, token: refresh }));
    expect(revoked.status).toBe(200);
    const refreshAfter = await fetch(
      `${twin.url}/oauth/token`,
      form({ grant_type: 'refresh_token', refresh_token: String(refresh), ...SECRET }),
    );
    expect(refreshAfter.status).toBe(403);
    expect(await refreshAfter.json()).toMatchObject({ error: 'invalid_grant' });
    const unknown = await fetch(`${twin.url}/oauth/revoke`, form({ ...SECRET, token: 'whatever' }));
    expect(unknown.status).toBe(200);
    expect(twin.stats().revocations).toBe(3);
  });

  it('expire-all -> 401 {detail}; refresh brings it back', async () => {
    const { access_token: token, refresh_token: refresh } = await tokens();
    await fetch(`${twin.url}/__twin/expire-all`, { method: 'POST' });
    const res = await fetch(`${twin.url}/me`, bearer(String(token)));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ detail: 'Token has expired.' });
    const renewed = await fetch(
      `${twin.url}/oauth/token`,
      form({ grant_type: 'refresh_token', refresh_token: String(refresh), ...SECRET }),
    );
    const { access_token: fresh } = await renewed.json();
    expect((await fetch(`${twin.url}/me`, bearer(fresh))).status).toBe(200);

    await fetch(`${twin.url}/__twin/expire-all?refresh=1`, { method: 'POST' });
    const dead = await fetch(
      `${twin.url}/oauth/token`,
      form({ grant_type: 'refresh_token', refresh_token: String(refresh), ...SECRET }),
    );
    expect(dead.status).toBe(403);
  });

  it('CORS allows the organization-id header; cors: false turns it off', async () => {
    const pre = await preflight(`${twin.url}/forms`, APP_ORIGIN, 'authorization, organization-id');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(pre.headers.get('access-control-allow-headers')).toContain('organization-id');
    twin.configure({ cors: false });
    const off = await preflight(`${twin.url}/forms`, APP_ORIGIN, 'authorization, organization-id');
    expect(off.headers.get('access-control-allow-origin')).toBeNull();
    expect(off.headers.get('access-control-allow-headers')).toBeNull();
  });
});
