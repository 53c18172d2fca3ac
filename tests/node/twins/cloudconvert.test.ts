import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CLOUDCONVERT_API_KEY,
  CLOUDCONVERT_CLIENT_ID,
  CLOUDCONVERT_CLIENT_SECRET,
  startCloudConvertTwin,
  validateJob,
  type CloudConvertTwin,
} from '../../../sandbox/twins/cloudconvert.mjs';
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

const REDIRECT_URI = redirectUriOf('cloudconvert');

let twin: CloudConvertTwin;
let clock = Date.UTC(2026, 0, 10, 12, 0, 0);

beforeAll(async () => {
  twin = await startCloudConvertTwin({ port: 0, appOrigins: [APP_ORIGIN], now: () => clock });
});
afterAll(() => twin.close());
beforeEach(() => twin.reset());

const JOB = {
  tag: 'keyfob-test',
  tasks: {
    'import-it': { operation: 'import/url', url: 'https://example.test/files/report.docx' },
    'convert-it': { operation: 'convert', input: 'import-it', output_format: 'pdf' },
    'export-it': { operation: 'export/url', input: ['convert-it'] },
  },
};

async function authorize(scope = 'user.read task.read task.write') {
  const { verifier, challenge } = pkcePair();
  const back = await consent(twin.url, '/oauth/authorize', {
    client_id: CLOUDCONVERT_CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope,
    state: 'cc-state',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  expect(back.searchParams.get('state')).toBe('cc-state');
  expect(back.searchParams.has('iss')).toBe(false);
  return { code: back.searchParams.get('code') ?? '', verifier };
}

function tokenRequest(params: Record<string, string>) {
  return fetch(`${twin.url}/oauth/token`, form(params));
}

function exchange(code: string, verifier: string, extra: Record<string, string> = {}) {
  return tokenRequest({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_id: CLOUDCONVERT_CLIENT_ID,
    client_secret: CLOUDCONVERT_CLIENT_SECRET,
    code_verifier: verifier,
    ...extra,
  });
}

async function tokens(scope?: string) {
  const { code, verifier } = await authorize(scope);
  const res = await exchange(code, verifier);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    token_type: string;
  };
}

describe('CloudConvert twin', () => {
  it('happy path: Allow -> code -> form token exchange with secret -> /v2/users/me', async () => {
    const body = await tokens();
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'token_type',
    ]);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const me = await fetch(`${twin.url}/v2/users/me`, bearer(body.access_token));
    expect(me.status).toBe(200);
    expect((await me.json()).data).toMatchObject({
      username: 'demo-user',
      email: 'demo@cloudconvert.test',
      credits: 250,
    });
  });

  it('refuses the code grant without the right client secret (401 invalid_client)', async () => {
    const { code, verifier } = await authorize();
    for (const secret of [undefined, 'wrong']) {
      const params: Record<string, string> = {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: CLOUDCONVERT_CLIENT_ID,
        code_verifier: verifier,
      };
      if (secret) params.client_secret = secret;
      const res = await tokenRequest(params);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'invalid_client' });
    }
    // Basic authentication is not what providers.md documents: refused too.
    const basic = await fetch(`${twin.url}/oauth/token`, {
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
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it('refuses a JSON token request and a code grant without the matching redirect_uri', async () => {
    const { code, verifier } = await authorize();
    const asJson = await fetch(
      `${twin.url}/oauth/token`,
      json({
        grant_type: 'authorization_code',
        code,
        client_id: CLOUDCONVERT_CLIENT_ID,
        client_secret: CLOUDCONVERT_CLIENT_SECRET,
      }),
    );
    expect(asJson.status).toBe(400);
    const noRedirect = await exchange(code, verifier, { redirect_uri: `${APP_ORIGIN}/other` });
    expect(await noRedirect.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refresh works with the secret, issues a new refresh token and keeps the old one valid', async () => {
    const first = await tokens();
    const refresh = (token: string, secret: string = CLOUDCONVERT_CLIENT_SECRET) =>
      tokenRequest({
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
    expect(twin.stats().tokenRequests).toEqual({ authorization_code: 1, refresh_token: 5 });
  });

  it('Deny, PKCE mismatch and code replay', async () => {
    const denied = await consent(
      twin.url,
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

    const a = await authorize();
    const mismatch = await exchange(a.code, pkcePair().verifier);
    expect(mismatch.status).toBe(400);
    expect(await mismatch.json()).toMatchObject({ error: 'invalid_grant' });

    const b = await authorize();
    expect((await exchange(b.code, b.verifier)).status).toBe(200);
    expect(await (await exchange(b.code, b.verifier)).json()).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('authorize requires redirect_uri and refuses unknown scopes', async () => {
    const noRedirect = await openAuthorize(twin.url, '/oauth/authorize', {
      client_id: CLOUDCONVERT_CLIENT_ID,
      response_type: 'code',
      scope: 'user.read',
    });
    expect(noRedirect.status).toBe(400);
    const badScope = await openAuthorize(twin.url, '/oauth/authorize', {
      client_id: CLOUDCONVERT_CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'user.read admin',
    });
    expect(new URL(badScope.headers.get('location') ?? '').searchParams.get('error')).toBe(
      'invalid_scope',
    );
  });

  it('enforces scopes: user.read for /v2/users/me, task.write for POST /v2/jobs', async () => {
    const { access_token: token } = await tokens('task.read');
    const me = await fetch(`${twin.url}/v2/users/me`, bearer(token));
    expect(me.status).toBe(403);
    expect(await me.json()).toMatchObject({ code: 'FORBIDDEN' });
    const job = await fetch(`${twin.url}/v2/jobs`, {
      ...json(JOB),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(job.status).toBe(403);
  });

  it('creates a job, validates it (422 INVALID_DATA), and reads it back finished with export URLs', async () => {
    const { access_token: token } = await tokens();
    const post = (body: unknown) =>
      fetch(`${twin.url}/v2/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const invalid = await post({ tasks: { c: { operation: 'convert', input: 'missing' } } });
    expect(invalid.status).toBe(422);
    const error = await invalid.json();
    expect(error).toMatchObject({ code: 'INVALID_DATA', message: 'The given data was invalid.' });
    expect(Object.keys(error.errors).sort()).toEqual(['tasks.c.input', 'tasks.c.output_format']);

    const created = await post(JOB);
    expect(created.status).toBe(201);
    const job = (await created.json()).data;
    expect(job).toMatchObject({ status: 'waiting', tag: 'keyfob-test' });
    expect(job.tasks.map((t: { name: string }) => t.name)).toEqual([
      'import-it',
      'convert-it',
      'export-it',
    ]);

    const read = await fetch(`${twin.url}/v2/jobs/${job.id}`, bearer(token));
    expect(read.status).toBe(200);
    const finished = (await read.json()).data;
    expect(finished.status).toBe('finished');
    const exportTask = finished.tasks.find(
      (t: { operation: string }) => t.operation === 'export/url',
    );
    const file = exportTask.result.files[0];
    expect(file.filename).toBe('report.pdf');
    expect(file.url).toBe(`${twin.url}/files/${job.id}/report.pdf`);
    const download = await fetch(file.url);
    expect(download.status).toBe(200);
    expect(await download.text()).toContain('report.pdf');

    const me = await (await fetch(`${twin.url}/v2/users/me`, bearer(token))).json();
    expect(me.data.credits).toBe(249);
    expect((await fetch(`${twin.url}/v2/jobs/nope`, bearer(token))).status).toBe(404);
  });

  it('validateJob follows the documented task shapes', () => {
    expect(validateJob(JOB)).toEqual({});
    expect(validateJob({})).toEqual({ tasks: ['The tasks field is required.'] });
    expect(validateJob({ tasks: { a: { operation: 'import/url', url: 'ftp://x' } } })).toEqual({
      'tasks.a.url': ['The url must be a valid URL.'],
    });
    expect(validateJob({ tasks: { a: { operation: 'resize' } } })).toHaveProperty([
      'tasks.a.operation',
    ]);
  });

  it('402 when credits run out', async () => {
    twin.configure({ credits: 0 });
    const res = await fetch(`${twin.url}/v2/jobs`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${CLOUDCONVERT_API_KEY}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(JOB),
    });
    expect(res.status).toBe(402);
    expect(await res.json()).toMatchObject({ code: 'CREDITS_EXCEEDED' });
  });

  it('accepts the API key as a Bearer token with every scope, immune to expire-all', async () => {
    await fetch(`${twin.url}/__twin/expire-all`, { method: 'POST' });
    const me = await fetch(`${twin.url}/v2/users/me`, bearer(CLOUDCONVERT_API_KEY));
    expect(me.status).toBe(200);
  });

  it('expire-all -> 401 in CloudConvert format; refresh still works', async () => {
    const { access_token: token, refresh_token: refresh } = await tokens();
    await fetch(`${twin.url}/__twin/expire-all`, { method: 'POST' });
    const res = await fetch(`${twin.url}/v2/users/me`, bearer(token));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: 'Unauthenticated.', code: 'UNAUTHENTICATED' });
    const renewed = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refresh,
      client_id: CLOUDCONVERT_CLIENT_ID,
      client_secret: CLOUDCONVERT_CLIENT_SECRET,
    });
    const { access_token: fresh } = await renewed.json();
    expect((await fetch(`${twin.url}/v2/users/me`, bearer(fresh))).status).toBe(200);
  });

  it('rate limit: 429 with X-RateLimit-Limit / X-RateLimit-Remaining, reset after the window', async () => {
    twin.configure({ rateLimit: 2 });
    const call = () => fetch(`${twin.url}/v2/users/me`, bearer(CLOUDCONVERT_API_KEY));
    const one = await call();
    expect(one.headers.get('x-ratelimit-limit')).toBe('2');
    expect(one.headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    clock += 60_000;
    expect((await call()).status).toBe(200);
    expect(twin.stats().rateLimited).toBe(1);
  });

  it('CORS exposes the rate limit headers to the app; cors: false drops them all', async () => {
    const pre = await preflight(`${twin.url}/v2/users/me`, APP_ORIGIN);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const res = await fetch(
      `${twin.url}/v2/users/me`,
      bearer(CLOUDCONVERT_API_KEY, { origin: APP_ORIGIN }),
    );
    expect(res.headers.get('access-control-expose-headers')).toContain('x-ratelimit-remaining');
    await fetch(`${twin.url}/__twin/config`, json({ cors: false }));
    const off = await fetch(
      `${twin.url}/v2/users/me`,
      bearer(CLOUDCONVERT_API_KEY, { origin: APP_ORIGIN }),
    );
    expect(off.status).toBe(200);
    expect(off.headers.get('access-control-allow-origin')).toBeNull();
  });
});
