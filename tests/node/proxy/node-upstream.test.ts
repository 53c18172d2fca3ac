import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createProxy, loadConfig } from '../../../proxy/index';
import { createNodeUpstream } from '../../../proxy/node-upstream';
import { twinEnv, twinTokenRequest } from './fake-provider';

/** The Node entry's upstream client (node:http with keep-alive) against real servers on 127.0.0.1. */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function startServer(
  answer: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ url: string; seen: Seen[]; connections: () => number; closed: Promise<void> }> {
  const seen: Seen[] = [];
  let connections = 0;
  let onClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, res, body);
    });
  });
  server.on('connection', (socket) => {
    connections += 1;
    socket.on('close', onClosed);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, seen, connections: () => connections, closed };
}

function upstreamClient(options?: Parameters<typeof createNodeUpstream>[0]) {
  const upstream = createNodeUpstream(options);
  cleanups.push(upstream.close);
  return upstream;
}

const json = (res: ServerResponse, status: number, value: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
};

function proxyTo(
  providerUrl: string,
  fetchUpstream: ReturnType<typeof createNodeUpstream>['fetch'],
  env: Record<string, string> = {},
) {
  return createProxy(loadConfig({ ...twinEnv(providerUrl), ...env }), {
    fetch: fetchUpstream,
    log: () => undefined,
  });
}

const tokenRequest = () =>
  new Request('http://proxy.local/token/sandbox-confidential', twinTokenRequest);

describe('createNodeUpstream', () => {
  it('sends the method, headers and body, and answers with status, headers and body', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-ratelimit-remaining': '7' });
      res.end('{"ok":true}');
    });
    const { fetch } = upstreamClient();
    const response = await fetch(
      new Request(`${server.url}/path?q=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic x' },
        body: 'a=1&b=2',
        redirect: 'manual',
      }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('x-ratelimit-remaining')).toBe('7');
    expect(await response.json()).toEqual({ ok: true });
    expect(server.seen).toEqual([
      expect.objectContaining({ method: 'POST', url: '/path?q=1', body: 'a=1&b=2' }),
    ]);
    expect(server.seen[0]?.headers).toMatchObject({
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Basic x',
      'content-length': '7',
    });
  });

  it('keeps the connection alive across requests', async () => {
    const server = await startServer((_req, res) => json(res, 200, { n: 1 }));
    const { fetch } = upstreamClient();
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(new Request(`${server.url}/`, { method: 'POST', body: 'x' }));
      await response.text();
    }
    expect(server.seen).toHaveLength(3);
    expect(server.connections()).toBe(1);
  });

  it('does not follow a redirect: the proxy refuses it with 502 and the Location is never called', async () => {
    const elsewhere = await startServer((_req, res) => json(res, 200, { stolen: true }));
    const provider = await startServer((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/steal` }).end();
    });
    const { fetch } = upstreamClient();

    const raw = await fetch(
      new Request(`${provider.url}/oauth/token`, { method: 'POST', body: 'x', redirect: 'manual' }),
    );
    expect(raw.status).toBe(307);

    const response = await proxyTo(provider.url, fetch)(tokenRequest());
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: 'upstream_invalid_response' });
    expect(provider.seen).toHaveLength(2);
    expect(elsewhere.seen).toHaveLength(0);
  });

  it('keeps the timeout: no answer in time is a 504, and the connection is dropped', async () => {
    const provider = await startServer(() => undefined); // never answers
    const { fetch } = upstreamClient();
    const started = Date.now();
    const response = await proxyTo(provider.url, fetch, { KEYFOB_PROXY_TIMEOUT_MS: '100' })(
      tokenRequest(),
    );
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ error: 'upstream_timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
    await provider.closed; // the aborted exchange closed its socket
  });

  it('keeps the timeout while the body is still arriving', async () => {
    const provider = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":'); // and never the rest
    });
    const { fetch } = upstreamClient();
    const response = await proxyTo(provider.url, fetch, { KEYFOB_PROXY_TIMEOUT_MS: '100' })(
      tokenRequest(),
    );
    expect(response.status).toBe(504);
    await provider.closed;
  });

  it('an aborted signal rejects the fetch', async () => {
    const server = await startServer(() => undefined);
    const { fetch } = upstreamClient();
    const controller = new AbortController();
    const pending = fetch(
      new Request(`${server.url}/`, { method: 'POST', body: 'x', signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow();
    await server.closed;
  });

  it('the idle timeout never cuts an exchange that is merely slow', async () => {
    const provider = await startServer((_req, res) => {
      setTimeout(() => json(res, 200, { access_token: 'slow-at' }), 150);
    });
    const { fetch } = upstreamClient({ idleTimeoutMs: 30 });
    const response = await proxyTo(provider.url, fetch)(tokenRequest());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ access_token: 'slow-at' });
  });

  it('an unreachable provider is a 502', async () => {
    const server = await startServer(() => undefined);
    const { url } = server;
    await cleanups.pop()?.(); // closes the server: the port now refuses connections
    const { fetch } = upstreamClient();
    const response = await proxyTo(url, fetch)(tokenRequest());
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: 'upstream_unreachable' });
  });

  it('a truncated answer is an error, not a shorter body', async () => {
    const provider = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"access_token":"at"');
      setTimeout(() => res.destroy(), 10);
    });
    const { fetch } = upstreamClient();
    const response = await proxyTo(provider.url, fetch)(tokenRequest());
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: 'upstream_unreachable' });
  });

  it('streams a large relayed answer through intact', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const provider = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let left = 8;
      const more = (): void => {
        while (left > 0) {
          left -= 1;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    const { fetch } = upstreamClient();
    const proxy = proxyTo(provider.url, fetch, {
      KEYFOB_SANDBOX_CONFIDENTIAL_API_URL: `${provider.url}/api`,
      KEYFOB_SANDBOX_CONFIDENTIAL_API_RELAY: '1',
    });
    const response = await proxy(
      new Request('http://proxy.local/api/sandbox-confidential/files/1', {
        headers: { origin: 'http://127.0.0.1:5173' },
      }),
    );
    expect(response.status).toBe(200);
    expect((await response.text()).length).toBe(8 * chunk.length);
    expect(provider.seen[0]?.url).toBe('/api/files/1');
  });

  it('answers without a body (204, HEAD) come back with a null body', async () => {
    const server = await startServer((req, res) => {
      if (req.method === 'HEAD') res.writeHead(200, { 'content-type': 'text/plain' }).end();
      else res.writeHead(204).end();
    });
    const { fetch } = upstreamClient();
    const noContent = await fetch(new Request(`${server.url}/`, { method: 'POST', body: 'x' }));
    expect(noContent.status).toBe(204);
    expect(noContent.body).toBeNull();
    const head = await fetch(new Request(`${server.url}/`, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
  });
});
