import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createProxy, loadConfig } from '../../../proxy/index';
import { listen } from '../../../proxy/node-server';
import { startFakeProvider, twinEnv, twinTokenRequest } from './fake-provider';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startInProcess() {
  const provider = await startFakeProvider();
  cleanups.push(provider.close);
  const { server, url } = await listen(
    createProxy(loadConfig(twinEnv(provider.url)), { log: () => undefined }),
    { port: 0, host: '127.0.0.1' },
  );
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { provider, url };
}

describe('the Node bridge', () => {
  it('serves a real token request on port 0 through to a provider on 127.0.0.1', async () => {
    const { provider, url } = await startInProcess();
    const response = await fetch(`${url}/token/sandbox-confidential`, twinTokenRequest);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: 'twin-at',
      token_type: 'Bearer',
      expires_in: 60,
    });
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(provider.received).toHaveLength(1);
    expect(provider.received[0]).toMatchObject({
      method: 'POST',
      url: '/oauth/token',
      body: 'grant_type=refresh_token&refresh_token=rt-twin&client_id=twin-client&client_secret=twin-secret',
    });
    expect(provider.received[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('refuses a chunked body over 16 KiB read from the socket', async () => {
    const { provider, url } = await startInProcess();
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i += 1)
          controller.enqueue(new TextEncoder().encode('a'.repeat(4096)));
        controller.close();
      },
    });
    const response = await fetch(`${url}/token/sandbox-confidential`, {
      ...twinTokenRequest,
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(provider.received).toHaveLength(0);
  });

  it('refuses an absolute-form request target', async () => {
    const { url } = await startInProcess();
    const { port } = new URL(url);
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'GET',
      path: 'http://evil.example/healthz',
    });
    req.end();
    const [res] = (await once(req, 'response')) as [import('node:http').IncomingMessage];
    expect(res.statusCode).toBe(400);
    res.resume();
  });
});

describe('npm run proxy (proxy/start.mjs)', () => {
  function start(env: Record<string, string>) {
    const child = spawn(process.execPath, ['proxy/start.mjs'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null]>;
    return { child, exited, output: () => ({ stderr, stdout }) };
  }

  it('builds, listens on loopback (PORT=0), serves /healthz and a token request, and logs JSON lines', async () => {
    const provider = await startFakeProvider();
    cleanups.push(provider.close);
    const proxy = start({ ...twinEnv(provider.url), PORT: '0' });
    cleanups.push(() => void proxy.child.kill('SIGTERM'));

    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no listening line: ${JSON.stringify(proxy.output())}`)),
        15_000,
      );
      proxy.child.stderr.on('data', () => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(proxy.output().stderr);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    const token = await fetch(`${url}/token/sandbox-confidential`, twinTokenRequest);
    expect(token.status).toBe(200);
    expect(provider.received).toHaveLength(1);

    proxy.child.kill('SIGTERM');
    const [code] = await proxy.exited;
    expect(code).toBe(0);
    const lines = proxy
      .output()
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.route, line.status])).toEqual([
      ['healthz', 200],
      ['token', 200],
    ]);
    expect(proxy.output().stdout + proxy.output().stderr).not.toContain('twin-secret');
  });

  it('prints every configuration problem and exits with code 1', async () => {
    const proxy = start({
      KEYFOB_PROXY_ORIGINS: 'https://app.example/',
      PORT: 'eighty',
      KEYFOB_PROXY_TIMEOUT_MS: 'soon',
    });
    const [code] = await proxy.exited;
    expect(code).toBe(1);
    const { stderr } = proxy.output();
    expect(stderr).toContain('The proxy configuration is invalid:');
    expect(stderr).toContain('KEYFOB_PROXY_ORIGINS: an entry is not a bare origin');
    expect(stderr).not.toContain('app.example');
    expect(stderr).not.toContain('eighty');
    expect(stderr).not.toContain('soon');
    expect(stderr).toContain('KEYFOB_PROXY_PROVIDERS is required');
    expect(stderr).toContain('KEYFOB_PROXY_TIMEOUT_MS must be');
    expect(stderr).toContain('PORT must be a port number');
  });
});
