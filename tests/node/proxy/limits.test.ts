import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createProxy, loadConfig } from '../../../proxy/index';
import { LISTEN_DEFAULTS, listen, type ListenOptions } from '../../../proxy/node-server';
import { createNodeUpstream } from '../../../proxy/node-upstream';
import { errorOf, ORIGIN, setup, testEnv } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const encoder = new TextEncoder();
function api(path: string): Request {
  return new Request(`https://proxy.example${path}`, { headers: { origin: ORIGIN } });
}

/** An answer body that sends one chunk and then nothing, and records being cancelled. */
function stalledAnswer() {
  const state = { cancelled: false };
  const answer = () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(encoder.encode('{"items":[')),
        cancel: () => {
          state.cancelled = true;
        },
      }),
      { headers: { 'content-type': 'application/json' } },
    );
  return { state, answer };
}

describe('relayed answers are bounded', () => {
  it('cancels the upstream read when the answer pauses longer than the idle timeout', async () => {
    const { state, answer } = stalledAnswer();
    const { proxy } = setup({ answer, proxy: { relay: { idleTimeoutMs: 30 } } });
    const response = await proxy(api('/api/videoask/forms'));
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('{"items":[');
    await expect(reader.read()).rejects.toMatchObject({ code: 'upstream_timeout' });
    expect(state.cancelled).toBe(true);
  });

  it('ends an answer that trickles past the response deadline', async () => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const { proxy } = setup({
      answer: () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              timer = setInterval(() => controller.enqueue(encoder.encode(' ')), 5);
            },
            cancel: () => clearInterval(timer),
          }),
        ),
      proxy: { relay: { idleTimeoutMs: 1_000, responseTimeoutMs: 80 } },
    });
    cleanups.push(() => clearInterval(timer));
    const response = await proxy(api('/api/videoask/forms'));
    const started = Date.now();
    await expect(response.text()).rejects.toMatchObject({ code: 'upstream_timeout' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('caps concurrent relays with a JSON 503, and frees the slot when an answer ends', async () => {
    const { answer } = stalledAnswer();
    const { proxy, upstream } = setup({ answer, proxy: { relay: { maxConcurrent: 1 } } });
    const first = await proxy(api('/api/videoask/a'));
    const refused = await proxy(api('/api/videoask/b'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await errorOf(refused)).error).toBe('relay_busy');
    expect(upstream.calls).toHaveLength(1);
    await first.body!.cancel();
    const third = await proxy(api('/api/videoask/c'));
    expect(third.status).toBe(200);
    await third.body!.cancel();
  });

  it('frees the slot of a relay that failed upstream', async () => {
    const { proxy } = setup({
      answer: () => Promise.reject(new Error('down')),
      proxy: { relay: { maxConcurrent: 1 } },
    });
    expect((await proxy(api('/api/videoask/a'))).status).toBe(502);
    expect((await proxy(api('/api/videoask/a'))).status).toBe(502);
  });
});

/** A provider on 127.0.0.1 whose API sends headers and one chunk, then stalls. */
async function startStallingProvider() {
  const sockets: { closed: boolean }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const state = { closed: false };
    sockets.push(state);
    req.socket.once('close', () => (state.closed = true));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"items":[');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${port}`, sockets };
}

async function startProxy(apiUrl: string, options: Partial<ListenOptions> = {}) {
  const upstream = createNodeUpstream();
  const proxy = createProxy(
    loadConfig(
      testEnv({
        KEYFOB_SANDBOX_CONFIDENTIAL_API_URL: `${apiUrl}/api/v1`,
        KEYFOB_PROXY_RATE_LIMIT: 'off',
      }),
    ),
    { fetch: upstream.fetch, log: () => undefined },
  );
  const { server, url } = await listen(proxy, { port: 0, host: '127.0.0.1', ...options });
  cleanups.push(() => {
    upstream.close();
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { server, url, port: Number(new URL(url).port) };
}

function rawSocket(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  cleanups.push(() => void socket.destroy());
  return once(socket, 'connect').then(() => socket);
}

function collect(socket: Socket): Promise<string> {
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return new Promise((resolve) => socket.once('close', () => resolve(text)));
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

describe('the Node entry bounds clients and upstream sockets', () => {
  it('closes the upstream connection when the client hangs up mid-answer', async () => {
    const provider = await startStallingProvider();
    const { port } = await startProxy(provider.url);
    const socket = await rawSocket(port);
    socket.write(
      `GET /api/sandbox-confidential/things HTTP/1.1\r\nhost: x\r\norigin: ${ORIGIN}\r\n\r\n`,
    );
    await once(socket, 'data');
    expect(provider.sockets).toHaveLength(1);
    socket.destroy();
    expect(await until(() => provider.sockets[0]?.closed === true, 2_000)).toBe(true);
  });

  it('answers a client too slow with its headers with a JSON 408 and closes it', async () => {
    const { port } = await startProxy('http://127.0.0.1:9', {
      requestTimeoutMs: 200,
      checkIntervalMs: 50,
    });
    const socket = await rawSocket(port);
    const text = collect(socket);
    const started = Date.now();
    socket.write('POST /token/cloudconvert HTTP/1.1\r\nhost: x\r\n');
    const answer = await text;
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('content-type: application/json');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      error: 'request_timeout',
    });
  });

  it('bounds the body too: a client trickling its body is cut at the request deadline', async () => {
    const { port } = await startProxy('http://127.0.0.1:9', {
      requestTimeoutMs: 200,
      checkIntervalMs: 50,
    });
    const socket = await rawSocket(port);
    const closed = collect(socket);
    const started = Date.now();
    socket.write(
      `POST /token/cloudconvert HTTP/1.1\r\nhost: x\r\norigin: ${ORIGIN}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 100\r\n\r\ngrant`,
    );
    const timer = setInterval(() => socket.writable && socket.write('a'), 50);
    cleanups.push(() => clearInterval(timer));
    await closed;
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('defaults to 10 s for headers and body, checked every second, and caps connections', async () => {
    expect(LISTEN_DEFAULTS).toEqual({
      requestTimeoutMs: 10_000,
      checkIntervalMs: 1_000,
      maxConnections: 1_024,
    });
    const { server } = await startProxy('http://127.0.0.1:9');
    expect(server.requestTimeout).toBe(10_000);
    expect(server.headersTimeout).toBe(10_000);
    expect(server.maxConnections).toBe(1_024);
  });

  it('closes connections over the cap', async () => {
    const { port } = await startProxy('http://127.0.0.1:9', { maxConnections: 2 });
    const first = await rawSocket(port);
    const second = await rawSocket(port);
    const third = await rawSocket(port);
    const thirdClosed = collect(third);
    await thirdClosed;
    expect(first.destroyed).toBe(false);
    expect(second.destroyed).toBe(false);
  });

  it('answers TRACE with a JSON 405 and Allow, not a 500', async () => {
    const { port } = await startProxy('http://127.0.0.1:9');
    for (const [path, allow] of [
      ['/token/cloudconvert', 'POST'],
      ['/healthz', 'GET, HEAD'],
    ] as const) {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'TRACE', path });
      req.end();
      const [res] = (await once(req, 'response')) as [IncomingMessage];
      let body = '';
      for await (const chunk of res) body += String(chunk);
      expect(res.statusCode).toBe(405);
      expect(res.headers.allow).toBe(allow);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(body)).toMatchObject({ error: 'method_not_allowed' });
    }
  });

  it('answers malformed HTTP (a bare-LF header line) with a JSON 400', async () => {
    const { port } = await startProxy('http://127.0.0.1:9');
    const socket = await rawSocket(port);
    const text = collect(socket);
    socket.write('GET /healthz HTTP/1.1\r\nhost: x\nx-a: b\r\n\r\n');
    const answer = await text;
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('content-type: application/json');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: 'invalid_request',
      error_description: 'The request is not valid HTTP/1.1',
    });
  });

  it("answers headers over Node's limit with a JSON 431", async () => {
    const { port } = await startProxy('http://127.0.0.1:9');
    const socket = await rawSocket(port);
    const text = collect(socket);
    socket.write(`GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const answer = await text;
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      error: 'request_header_fields_too_large',
    });
  });
});
