import { describe, expect, it } from 'vitest';
import { CLOUDCONVERT_API_KEY, validateJob } from '../../../sandbox/twins/cloudconvert.mjs';
import { JOB, withCloudConvertTwin } from './cloudconvert-harness';
import { APP_ORIGIN, bearer, json, preflight } from './helpers';

const cc = withCloudConvertTwin();

describe('CloudConvert twin: the API', () => {
  it('enforces scopes: user.read for /v2/users/me, task.write for POST /v2/jobs', async () => {
    const { access_token: token } = await cc.tokens('task.read');
    const me = await fetch(`${cc.twin.url}/v2/users/me`, bearer(token));
    expect(me.status).toBe(403);
    expect(await me.json()).toMatchObject({ code: 'FORBIDDEN' });
    const job = await fetch(`${cc.twin.url}/v2/jobs`, {
      ...json(JOB),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(job.status).toBe(403);
  });

  it('creates a job, validates it (422 INVALID_DATA), and reads it back finished with export URLs', async () => {
    const { access_token: token } = await cc.tokens();
    const post = (body: unknown) =>
      fetch(`${cc.twin.url}/v2/jobs`, {
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

    const read = await fetch(`${cc.twin.url}/v2/jobs/${job.id}`, bearer(token));
    expect(read.status).toBe(200);
    const finished = (await read.json()).data;
    expect(finished.status).toBe('finished');
    const exportTask = finished.tasks.find(
      (t: { operation: string }) => t.operation === 'export/url',
    );
    const file = exportTask.result.files[0];
    expect(file.filename).toBe('report.pdf');
    expect(file.url).toBe(`${cc.twin.url}/files/${job.id}/report.pdf`);
    const download = await fetch(file.url);
    expect(download.status).toBe(200);
    expect(await download.text()).toContain('report.pdf');

    const me = await (await fetch(`${cc.twin.url}/v2/users/me`, bearer(token))).json();
    expect(me.data.credits).toBe(249);
    expect((await fetch(`${cc.twin.url}/v2/jobs/nope`, bearer(token))).status).toBe(404);
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
    cc.twin.configure({ credits: 0 });
    const res = await fetch(`${cc.twin.url}/v2/jobs`, {
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
    await fetch(`${cc.twin.url}/__twin/expire-all`, { method: 'POST' });
    const me = await fetch(`${cc.twin.url}/v2/users/me`, bearer(CLOUDCONVERT_API_KEY));
    expect(me.status).toBe(200);
  });

  it('rate limit: 429 with X-RateLimit-Limit / X-RateLimit-Remaining, reset after the window', async () => {
    cc.twin.configure({ rateLimit: 2 });
    const call = () => fetch(`${cc.twin.url}/v2/users/me`, bearer(CLOUDCONVERT_API_KEY));
    const one = await call();
    expect(one.headers.get('x-ratelimit-limit')).toBe('2');
    expect(one.headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    cc.advance(60_000);
    expect((await call()).status).toBe(200);
    expect(cc.twin.stats().rateLimited).toBe(1);
  });

  it('CORS exposes the rate limit headers to the app; cors: false drops them all', async () => {
    const pre = await preflight(`${cc.twin.url}/v2/users/me`, APP_ORIGIN);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const res = await fetch(
      `${cc.twin.url}/v2/users/me`,
      bearer(CLOUDCONVERT_API_KEY, { origin: APP_ORIGIN }),
    );
    expect(res.headers.get('access-control-expose-headers')).toContain('x-ratelimit-remaining');
    await fetch(`${cc.twin.url}/__twin/config`, json({ cors: false }));
    const off = await fetch(
      `${cc.twin.url}/v2/users/me`,
      bearer(CLOUDCONVERT_API_KEY, { origin: APP_ORIGIN }),
    );
    expect(off.status).toBe(200);
    expect(off.headers.get('access-control-allow-origin')).toBeNull();
  });
});
