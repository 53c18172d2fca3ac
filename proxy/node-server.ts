import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { errorResponse, ProxyError } from './errors';
import type { ProxyHandler } from './handler';

/**
 * A small node:http <-> fetch bridge (what @hono/node-server does, without the dependency): the
 * request becomes a `Request`, the socket's address the rate limit's client key, and the
 * `Response` is streamed back.
 */

/** Any origin will do: routing reads only the path, and the upstream never comes from the request. */
const LOCAL_BASE = 'http://proxy.local';

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
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) throw new Error('client went away');
      if (!res.write(value)) await once(res, 'drain');
    }
    res.end();
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
}

/** A node:http request listener that runs `handler`. */
export function nodeListener(
  handler: ProxyHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      let response: Response;
      // Origin-form only ("/path"): an absolute-form target must not even look like it picks a host.
      if (!req.url?.startsWith('/')) {
        response = errorResponse(
          new ProxyError(400, 'invalid_request', 'Only origin-form request targets are accepted'),
        );
      } else {
        response = await handler(toRequest(req), { clientAddress: req.socket.remoteAddress });
      }
      await writeResponse(response, res);
    })().catch(() => {
      if (!res.headersSent)
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"server_error"}');
      else res.destroy();
    });
  };
}

export interface ListenOptions {
  port: number;
  host: string;
}

/** Starts a node:http server for `handler`; resolves once it listens (port 0 picks a free port). */
export async function listen(
  handler: ProxyHandler,
  { port, host }: ListenOptions,
): Promise<{ server: Server; url: string }> {
  const server = createServer(nodeListener(handler));
  // A slow client must not hold a socket open forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
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
