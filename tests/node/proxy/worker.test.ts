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
    mf = new Miniflare({
      modules: true,
      scriptPath: path.join(dir, 'worker.js'),
      // Module names are taken relative to this root; the default (cwd) cannot reach a temp dir.
      modulesRoot: dir,
      compatibilityDate: '2025-01-01',
      bindings: { ...twinEnv(provider.url), KEYFOB_PROXY_RATE_LIMIT: '3,0.001' },
      // The Worker's JSON access log would clutter the test output; its errors still show.
      handleRuntimeStdio(stdout: Readable, stderr: Readable) {
        stdout.resume();
        stderr.pipe(process.stderr);
      },
    });
  }, 60_000);

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

  it('rate-limits by CF-Connecting-IP', async () => {
    // Two requests above were counted; the third passes, the fourth is limited.
    const statuses: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const response = await mf.dispatchFetch('http://proxy.local/token/sandbox-confidential', {
        ...twinTokenRequest,
        body: 'grant_type=password',
      });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([400, 429]);
  });
});
