import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { UpstreamFetch } from './upstream';

/**
 * The Node entry's way upstream: node:http(s) with keep-alive agents instead of the global `fetch`.
 * Node 20's fetch (undici) costs several times more CPU per request than node:http (it re-creates
 * the Request, tees its body, wraps everything in web streams): in a bare node:http proxy on the
 * bench machine, about 600 us against 135 us of CPU per request, and it was the largest single cost
 * in the profile of `npm run bench`. Same contract as `fetch` for what the proxy relies on:
 *
 * - never follows redirects: a 3xx comes back as it is (callUpstream refuses it);
 * - `request.signal` aborts the exchange (callUpstream's timeout): the connection is destroyed,
 *   the promise rejects, and a body still streaming errors;
 * - a network failure rejects (callUpstream turns it into 502).
 *
 * Differences from undici that do not matter here: no `accept-encoding` is sent (so answers come
 * uncompressed and nothing needs decoding), and no browser-only headers (`sec-fetch-mode`,
 * `accept-language`). Like undici, a request is never retried: an idle connection is dropped
 * after `idleTimeoutMs` or a second before the server's `Keep-Alive: timeout=` hint, whichever is
 * sooner, so reusing a connection the server is closing stays unlikely.
 */

/** Statuses whose Response may not have a body (the fetch spec's null body statuses). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export interface NodeUpstreamOptions {
  /** How long an idle kept-alive connection stays open (shorter if the server's Keep-Alive says so). */
  idleTimeoutMs?: number;
}

export function createNodeUpstream({ idleTimeoutMs = 4_000 }: NodeUpstreamOptions = {}): {
  fetch: UpstreamFetch;
  /** Closes the idle kept-alive connections (for shutdown and tests). */
  close: () => void;
} {
  // `timeout` only ever destroys idle pooled sockets; an active exchange is bounded by the signal.
  const agentOptions = { keepAlive: true, timeout: idleTimeoutMs };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);

  const fetchUpstream: UpstreamFetch = async (request) => {
    const { signal } = request;
    signal.throwIfAborted();
    const url = new URL(request.url);
    const headers: Record<string, string> = { accept: '*/*', 'user-agent': 'node' };
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    // As fetch does (Fetch standard, HTTP-network-or-cache fetch): an empty POST or PUT says 0.
    else if (request.method === 'POST' || request.method === 'PUT') headers['content-length'] = '0';
    signal.throwIfAborted();

    const isHttps = url.protocol === 'https:';
    if (!isHttps && url.protocol !== 'http:')
      throw new TypeError(`Unsupported scheme ${url.protocol}`);
    const send = isHttps ? httpsRequest : httpRequest;

    return new Promise<Response>((resolve, reject) => {
      const outgoing = send(url, {
        method: request.method,
        headers,
        agent: isHttps ? httpsAgent : httpAgent,
      });
      let answer: UpstreamAnswer | undefined;
      const onAbort = (): void => {
        const reason: unknown = signal.reason;
        const error = reason instanceof Error ? reason : new DOMException('Aborted', 'AbortError');
        // Destroying the request also drops its socket: an aborted connection is never reused.
        outgoing.destroy();
        answer?.fail(error);
        reject(error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal.removeEventListener('abort', onAbort);

      outgoing.on('error', (error) => {
        done();
        answer?.fail(error);
        reject(error);
      });
      outgoing.once('response', (incoming: IncomingMessage) => {
        incoming.once('close', done);
        try {
          answer = toResponse(incoming, request.method);
          resolve(answer.response);
        } catch (error) {
          incoming.destroy();
          reject(error);
        }
      });
      outgoing.end(body);
    });
  };

  return {
    fetch: fetchUpstream,
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

interface UpstreamAnswer {
  response: Response;
  /** Ends the answer with an error: a body still being read rejects with it. */
  fail: (error: unknown) => void;
}

function toResponse(incoming: IncomingMessage, method: string): UpstreamAnswer {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] ?? '', raw[i + 1] ?? '');
  const status = incoming.statusCode ?? 502;
  const init = { status, statusText: incoming.statusMessage ?? '', headers };
  incoming.on('error', () => undefined); // reported through the body stream or `fail`
  if (method === 'HEAD' || NULL_BODY_STATUSES.has(status)) {
    incoming.resume();
    return { response: new Response(null, init), fail: () => incoming.destroy() };
  }
  // A connection that closes before the end of the body is a truncated answer.
  const { stream, fail } = webStreamOf(incoming, 'The provider closed the connection early');
  return { response: new Response(stream, init), fail };
}

/**
 * The answer body as a web ReadableStream, with backpressure: a plain adapter doing what
 * Readable.toWeb does for it.
 *
 * - `cancel()` on the stream destroys the message (as Readable.toWeb does), so an oversized body
 *   is never read to its end;
 * - a message that closes before it is complete errors the stream with `prematureClose`;
 * - `fail(error)` destroys the message and errors the stream (used for the upstream timeout).
 */
function webStreamOf(
  incoming: IncomingMessage,
  prematureClose: string,
): { stream: ReadableStream<Uint8Array>; fail: (error: unknown) => void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let finished = false;
  const fail = (error: unknown): void => {
    if (finished) return;
    finished = true;
    incoming.destroy();
    controller.error(error);
  };
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      incoming.on('data', (chunk: Buffer) => {
        if (finished) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
      });
      incoming.once('end', () => {
        if (finished) return;
        finished = true;
        controller.close();
      });
      incoming.on('error', fail);
      incoming.once('close', () => fail(new Error(prematureClose)));
    },
    pull() {
      incoming.resume();
    },
    cancel() {
      finished = true;
      incoming.destroy();
    },
  });
  return { stream, fail };
}
