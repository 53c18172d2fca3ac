import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProxy } from '../../../proxy/build.mjs';
import { startFakeProvider, twinEnv, twinTokenRequest } from './fake-provider';

/** The Workers entry, bundled to one ES module and run in workerd by miniflare. */
describe('the Cloudflare Workers entry in workerd', () => {
  let dir: string;
  let mf: Miniflare;
  let provider: Awaited<ReturnType<typeof startFakeProvider>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'keyfob-worker-'));
    await buildProxy({ entries: { worker: 'proxy/worker.ts' }, outDir: dir, target: 'worker' });
    provider = await startFakeProvider();
    const worker = {
      modules: true,
      scriptPath: path.join(dir, 'worker.js'),
      // Module names are taken relative to this root; the default (cwd) cannot reach a temp dir.
      modulesRoot: dir,
      compatibilityDate: '2025-01-01',
    };
    // Two Workers (two isolates, as two locations would be) bound to one rate-limiter namespace;
    // KEYFOB_PROXY_RATE_LIMIT sets each client's bucket, 3 at once and next to no refill.
    const bindings = { ...twinEnv(provider.url), KEYFOB_PROXY_RATE_LIMIT: '3,0.001' };
    mf = new Miniflare({
      workers: [
        {
          ...worker,
          name: 'proxy',
          bindings,
          durableObjects: { KEYFOB_RATE_LIMITER: 'KeyfobRateLimiter' },
        },
        {
          ...worker,
          name: 'proxy-elsewhere',
          bindings,
          durableObjects: {
            KEYFOB_RATE_LIMITER: { className: 'KeyfobRateLimiter', scriptName: 'proxy' },
          },
        },
        {
          ...worker,
          name: 'proxy-unlimited',
          bindings: { ...bindings, KEYFOB_PROXY_RATE_LIMIT: 'off' },
        },
        { ...worker, name: 'proxy-without-binding', bindings },
      ],
      // The Worker's JSON access log would clutter the test output; its errors still show.
      handleRuntimeStdio(stdout: Readable, stderr: Readable) {
        stdout.resume();
        stderr.pipe(process.stderr);
      },
    });
  }, 60_000);

  /** One of the Workers by name; its fetch is dispatchFetch's, aimed at that Worker. */
  const worker = async (name: string) =>
    (await mf.getWorker(name)) as unknown as { fetch: Miniflare['dispatchFetch'] };

  afterAll(async () => {
    await mf?.dispose();
    await provider?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is a single self-contained module (no imports left for workerd to resolve)', async () => {
    const code = await readFile(path.join(dir, 'worker.js'), 'utf8');
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).toMatch(/export\s*\{[^}]*default/);
  });

  it('answers /healthz', async () => {
    const response = await mf.dispatchFetch('http://proxy.local/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('refuses a password grant without calling the provider', async () => {
    const response = await mf.dispatchFetch('http://proxy.local/token/sandbox-confidential', {
      ...twinTokenRequest,
      body: 'grant_type=password&username=u&password=p',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect(provider.received).toHaveLength(0);
  });

  it('forwards a token request to a provider on 127.0.0.1 with the secret from its env bindings', async () => {
    const response = await mf.dispatchFetch(
      'http://proxy.local/token/sandbox-confidential',
      twinTokenRequest,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: 'twin-at',
      token_type: 'Bearer',
      expires_in: 60,
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(provider.received).toHaveLength(1);
    expect(provider.received[0]).toMatchObject({
      method: 'POST',
      url: '/oauth/token',
      body: 'grant_type=refresh_token&refresh_token=rt-twin&client_id=twin-client&client_secret=twin-secret',
    });
  });

  it('rate-limits by CF-Connecting-IP, in a Durable Object shared by every isolate', async () => {
    const elsewhere = await worker('proxy-elsewhere');
    const attempt = async (send: typeof mf.dispatchFetch, ip: string) => {
      const response = await send('http://proxy.local/token/sandbox-confidential', {
        ...twinTokenRequest,
        headers: { ...twinTokenRequest.headers, 'cf-connecting-ip': ip },
        body: 'grant_type=password',
      });
      await response.arrayBuffer();
      return response.status;
    };
    const here = mf.dispatchFetch.bind(mf);
    const there = elsewhere.fetch.bind(elsewhere);
    // 3 per client: two here, one in the other isolate, then both refuse the fourth and later.
    expect(await attempt(here, '203.0.113.9')).toBe(400);
    expect(await attempt(there, '203.0.113.9')).toBe(400);
    expect(await attempt(here, '203.0.113.9')).toBe(400);
    expect(await attempt(there, '203.0.113.9')).toBe(429);
    expect(await attempt(here, '203.0.113.9')).toBe(429);
    // IPv6 counts by /64, across isolates too.
    expect(await attempt(here, '2001:db8:7:7::1')).toBe(400);
    expect(await attempt(there, '2001:db8:7:7::2')).toBe(400);
    expect(await attempt(here, '2001:db8:7:7:ffff::3')).toBe(400);
    expect(await attempt(there, '2001:db8:7:7:abcd::4')).toBe(429);
    expect(await attempt(there, '2001:db8:7:8::1')).toBe(400);
  });

  it('answers Retry-After from the shared bucket', async () => {
    const send = () =>
      mf.dispatchFetch('http://proxy.local/token/sandbox-confidential', {
        ...twinTokenRequest,
        headers: { ...twinTokenRequest.headers, 'cf-connecting-ip': '198.51.100.77' },
        body: 'grant_type=password',
      });
    for (let i = 0; i < 3; i += 1) await (await send()).arrayBuffer();
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: 'rate_limited' });
  });

  it('refuses to serve without the shared limiter binding, unless the limit is off', async () => {
    const without = await worker('proxy-without-binding');
    const refused = await without.fetch('http://proxy.local/healthz');
    expect(refused.status).toBe(500);
    expect(await refused.json()).toMatchObject({ error: 'server_error' });
    const off = await worker('proxy-unlimited');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await off.fetch('http://proxy.local/token/sandbox-confidential', {
        ...twinTokenRequest,
        headers: { ...twinTokenRequest.headers, 'cf-connecting-ip': '192.0.2.1' },
        body: 'grant_type=password',
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
  });
});
