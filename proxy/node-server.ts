import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { errorResponse, ProxyError } from './errors';
import { allowedMethodsFor, type ProxyHandler } from './handler';

/**
 * A small node:http <-> fetch bridge (what @hono/node-server does, without the dependency): the
 * request becomes a `Request`, the socket's address the rate limit's client key, and the
 * `Response` is streamed back.
 */

/** Any origin will do: routing reads only the path, and the upstream never comes from the request. */
const LOCAL_BASE = 'http://proxy.local';
/** Methods the fetch API cannot even represent (`new Request` throws on them). */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? '';
    // HTTP/2 pseudo-headers and Host play no part; the rest keep their repeated values.
    if (name.startsWith(':') || name.toLowerCase() === 'host') continue;
    headers.append(name, req.rawHeaders[i + 1] ?? '');
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', LOCAL_BASE), {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body === null) {
    res.end();
    return;
  }
  // A plain read loop: much cheaper than Readable.fromWeb(...).pipe(res) for small JSON answers,
  // and it still streams relayed bodies, waiting for 'drain' when the client reads slowly.
  const reader = response.body.getReader();
  // A client that hangs up while the provider is still answering (or silent) cancels the read,
  // which closes the connection upstream: without this a stalled relay held it open for good.
  const onClose = (): void => {
    if (!res.writableFinished) void reader.cancel().catch(() => undefined);
  };
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) throw new Error('client went away');
      if (!res.write(value)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    res.off('close', onClose);
  }
}

/** A node:http request listener that runs `handler`. */
export function nodeListener(
  handler: ProxyHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      let response: Response;
      const method = req.method ?? 'GET';
      // Origin-form only ("/path"): an absolute-form target must not even look like it picks a host.
      if (!req.url?.startsWith('/')) {
        response = errorResponse(
          new ProxyError(400, 'invalid_request', 'Only origin-form request targets are accepted'),
        );
      } else if (FORBIDDEN_METHODS.has(method.toUpperCase())) {
        const allowed = allowedMethodsFor(new URL(req.url, LOCAL_BASE).pathname);
        response = errorResponse(
          allowed === undefined
            ? new ProxyError(404, 'not_found', 'No such route')
            : new ProxyError(405, 'method_not_allowed', `Use ${allowed.join(', ')}`, {
                allow: allowed.join(', '),
              }),
        );
      } else {
        response = await handler(toRequest(req), { clientAddress: req.socket.remoteAddress });
      }
      await writeResponse(response, res);
    })().catch(() => {
      if (!res.headersSent)
        res
          .writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
          .end('{"error":"server_error","error_description":"The proxy failed unexpectedly"}');
      else res.destroy();
    });
  };
}

/** Malformed HTTP (bare LF, bad header, oversized headers) and slow clients, answered as JSON. */
function clientErrorAnswer(error: NodeJS.ErrnoException): [number, string, string] {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'request_timeout', 'The request did not arrive in time'];
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'request_header_fields_too_large', 'The request headers are too large'];
    default:
      return [400, 'invalid_request', 'The request is not valid HTTP/1.1'];
  }
}

function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, code, description] = clientErrorAnswer(error);
  const body = JSON.stringify({ error: code, error_description: description });
  socket.end(
    `HTTP/1.1 ${status} ${status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      'content-type: application/json; charset=utf-8\r\n' +
      'cache-control: no-store\r\n' +
      'x-content-type-options: nosniff\r\n' +
      `content-length: ${Buffer.byteLength(body)}\r\n` +
      'connection: close\r\n\r\n' +
      body,
  );
  socket.destroySoon();
}

export interface ListenOptions {
  port: number;
  host: string;
  /** Time for a client to send its headers, and its whole request (headers and body). */
  requestTimeoutMs?: number;
  /** How often Node checks those two deadlines; the worst case is the deadline plus this. */
  checkIntervalMs?: number;
  /** Connections open at once; more are closed as they arrive. */
  maxConnections?: number;
}

export const LISTEN_DEFAULTS = {
  requestTimeoutMs: 10_000,
  checkIntervalMs: 1_000,
  maxConnections: 1_024,
} as const satisfies Required<Omit<ListenOptions, 'port' | 'host'>>;

/** Starts a node:http server for `handler`; resolves once it listens (port 0 picks a free port). */
export async function listen(
  handler: ProxyHandler,
  options: ListenOptions,
): Promise<{ server: Server; url: string }> {
  const { port, host, requestTimeoutMs, checkIntervalMs, maxConnections } = {
    ...LISTEN_DEFAULTS,
    ...options,
  };
  // A slow client must not hold a socket open: Node's default check runs every 30 s, which let
  // one live ~34 s; headers and the whole body now have requestTimeoutMs (+ checkIntervalMs).
  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: checkIntervalMs,
      keepAliveTimeout: 5_000,
    },
    nodeListener(handler),
  );
  server.maxConnections = maxConnections;
  server.on('clientError', onClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shownHost}:${address.port}` };
}
