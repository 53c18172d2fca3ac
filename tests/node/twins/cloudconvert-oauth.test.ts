import { describe, expect, it } from 'vitest';
import {
  CLOUDCONVERT_CLIENT_ID,
  CLOUDCONVERT_CLIENT_SECRET,
} from '../../../sandbox/twins/cloudconvert.mjs';
import { REDIRECT_URI, withCloudConvertTwin } from './cloudconvert-harness';
import { APP_ORIGIN, bearer, consent, form, json, openAuthorize, pkcePair } from './helpers';

const cc = withCloudConvertTwin();

describe('CloudConvert twin: OAuth', () => {
  it('happy path: Allow -> code -> form token exchange with secret -> /v2/users/me', async () => {
    const body = await cc.tokens();
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'token_type',
    ]);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const me = await fetch(`${cc.twin.url}/v2/users/me`, bearer(body.access_token));
    expect(me.status).toBe(200);
    expect((await me.json()).data).toMatchObject({
      username: 'demo-user',
      email: 'demo@cloudconvert.test',
      credits: 250,
    });
  });

  it('refuses the code grant without the right client secret (401 invalid_client)', async () => {
    const { code, verifier } = await cc.authorize();
    for (const secret of [undefined, 'wrong']) {
      const params: Record<string, string> = {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: CLOUDCONVERT_CLIENT_ID,
        code_verifier: verifier,
      };
      if (secret) params.client_secret = secret;
      const res = await cc.tokenRequest(params);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'invalid_client' });
    }
    // Basic authentication is not what providers.md documents: refused too.
    const basic = await fetch(`${cc.twin.url}/oauth/token`, {
      ...form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${CLOUDCONVERT_CLIENT_ID}:${CLOUDCONVERT_CLIENT_SECRET}`).toString('base64')}`,
      },
    });
    expect(basic.status).toBe(401);
    expect((await cc.exchange(code, verifier)).status).toBe(200);
  });

  it('refuses a JSON token request and a code grant without the matching redirect_uri', async () => {
    const { code, verifier } = await cc.authorize();
    const asJson = await fetch(
      `${cc.twin.url}/oauth/token`,
      json({
        grant_type: 'authorization_code',
        code,
        client_id: CLOUDCONVERT_CLIENT_ID,
        client_secret: CLOUDCONVERT_CLIENT_SECRET,
      }),
    );
    expect(asJson.status).toBe(400);
    const noRedirect = await cc.exchange(code, verifier, { redirect_uri: `${APP_ORIGIN}/other` });
    expect(await noRedirect.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refresh works with the secret, issues a new refresh token and keeps the old one valid', async () => {
    const first = await cc.tokens();
    const refresh = (token: string, secret: string = CLOUDCONVERT_CLIENT_SECRET) =>
      cc.tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: CLOUDCONVERT_CLIENT_ID,
        client_secret: secret,
      });
    expect((await refresh(first.refresh_token, 'wrong')).status).toBe(401);
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const body = await second.json();
    expect(body.refresh_token).not.toBe(first.refresh_token);
    expect(body.access_token).not.toBe(first.access_token);
    expect((await refresh(first.refresh_token)).status).toBe(200);
    expect((await refresh(body.refresh_token)).status).toBe(200);
    const bad = await refresh('cc_rt_unknown');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_grant' });
    expect(cc.twin.stats().tokenRequests).toEqual({ authorization_code: 1, refresh_token: 5 });
  });

  it('Deny, PKCE mismatch and code replay', async () => {
    const denied = await consent(
      cc.twin.url,
      '/oauth/authorize',
      {
        client_id: CLOUDCONVERT_CLIENT_ID,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'user.read',
        state: 'x',
      },
      'deny',
    );
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('x');

    const a = await cc.authorize();
    const mismatch = await cc.exchange(a.code, pkcePair().verifier);
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toMatchObject({ error: 'invalid_grant' });

    const b = await cc.authorize();
    expect((await cc.exchange(b.code, b.verifier)).status).toBe(200);
    expect(await (await cc.exchange(b.code, b.verifier)).json()).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('authorize requires redirect_uri and refuses unknown scopes', async () => {
    const noRedirect = await openAuthorize(cc.twin.url, '/oauth/authorize', {
      client_id: CLOUDCONVERT_CLIENT_ID,
      response_type: 'code',
      scope: 'user.read',
    });
    expect(noRedirect.status).toBe(400);
    const badScope = await openAuthorize(cc.twin.url, '/oauth/authorize', {
      client_id: CLOUDCONVERT_CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'user.read admin',
    });
    expect(new URL(badScope.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'invalid_scope',
    );
  });

  it('expire-all -> 401 in CloudConvert format; refresh still works', async () => {
    const { access_token: token, refresh_token: refresh } = await cc.tokens();
    await fetch(`${cc.twin.url}/__twin/expire-all`, { method: 'POST' });
    const res = await fetch(`${cc.twin.url}/v2/users/me`, bearer(token));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthenticated.', code: 'UNAUTHENTICATED' });
    const renewed = await cc.tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refresh,
      client_id: CLOUDCONVERT_CLIENT_ID,
      client_secret: CLOUDCONVERT_CLIENT_SECRET,
    });
    const { access_token: fresh } = await renewed.json();
    expect((await fetch(`${cc.twin.url}/v2/users/me`, bearer(fresh))).status).toBe(200);
  });
});
