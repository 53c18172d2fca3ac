import { readLimitedBody, RELAY_BODY_LIMIT } from './body';
import type { ProxyProviderConfig } from './config';
import { dpopProof } from './dpop';
import { ProxyError } from './errors';
import { callUpstream, type UpstreamFetch } from './upstream';

/**
 * `/api/:id/*`: relays API calls for providers whose APIs send no CORS headers. The upstream host
 * and base path come from configuration only; the request chooses nothing but a path below the
 * base, which is checked before it is joined.
 */

export const RELAY_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** `authorization` passes with any scheme (Bearer, or DPoP with its `dpop` proof, RFC 9449 7). */
const BASE_HEADERS = ['authorization', 'content-type', 'accept', 'dpop'];
/** Answer headers worth passing back: the type, and the provider's rate-limit hints. */
const ANSWER_HEADERS = [
  'content-type',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  // A DPoP resource server's challenge (`DPoP error="use_dpop_nonce"`) and its nonce.
  'www-authenticate',
  'dpop-nonce',
];

/** The request headers the relay lets through for this provider. */
export function relayRequestHeaders(provider: ProxyProviderConfig): string[] {
  return [...BASE_HEADERS, ...provider.relayHeaders];
}

/**
 * Refuses any path that could leave the API base once a server decodes or normalizes it: encoded
 * slashes, backslashes and dots, double encoding, control characters, empty or dot segments,
 * "@" (userinfo) and a scheme (an absolute URL).
 */
export function checkRelayPath(rest: string): void {
  const refuse = (why: string): never => {
    throw new ProxyError(400, 'invalid_path', `The API path is refused: ${why}`);
  };
  if (/%(2f|5c|2e|25|[01][0-9a-f]|7f)/i.test(rest))
    refuse('encoded slashes, backslashes, dots, percent signs or control characters');
  // Overlong UTF-8 dots (%C0%AE) and full-width dots (U+FF0E) become "." on servers that decode
  // or normalize leniently: no byte >= 0x80, raw or percent-encoded, reaches the upstream path.
  if (/%[89a-f][0-9a-f]/i.test(rest) || /[^ -~]/.test(rest))
    refuse('bytes outside ASCII, raw or percent-encoded');
  // "..;/admin": Tomcat-style servers strip path parameters after ";" and then see "..".
  if (rest.includes(';')) refuse('";" (path parameters)');
  if (rest.includes('\\')) refuse('backslashes');
  if (rest.includes('@')) refuse('"@"');
  if (rest.startsWith('/') || rest.includes('//')) refuse('empty segments (double slashes)');
  if (rest.split('/').some((segment) => segment === '.' || segment.startsWith('..')))
    refuse('dot segments, or segments starting with ".."');
  if (/^[a-z][a-z0-9+.-]*:/i.test(rest)) refuse('absolute URLs');
}

/** Joins a checked path to the configured base and proves the result stayed below it. */
export function relayTarget(apiBaseUrl: string, rest: string, search: string): string {
  checkRelayPath(rest);
  const base = new URL(apiBaseUrl);
  const target = new URL(`${apiBaseUrl}/${rest}${search}`);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (
    target.origin !== base.origin ||
    !(target.pathname === basePath || target.pathname.startsWith(`${basePath}/`))
  ) {
    throw new ProxyError(400, 'invalid_path', 'The API path is refused: it leaves the API base');
  }
  return target.href;
}

/** How long a relayed answer may take, and how many may be open at once. */
export interface RelayLimits {
  /** Longest pause between two chunks of the provider's answer body. */
  idleTimeoutMs: number;
  /** Longest a whole relayed exchange may take, body included. */
  responseTimeoutMs: number;
  /** Relays open at once; more are refused with 503 until one ends. */
  maxConcurrent: number;
}

export const RELAY_DEFAULTS = {
  idleTimeoutMs: 10_000,
  responseTimeoutMs: 60_000,
  maxConcurrent: 64,
} as const satisfies RelayLimits;

export interface RelaySlots {
  /** Takes a slot, or refuses; the returned function gives it back (once, however often called). */
  acquire(): () => void;
  readonly open: number;
}

export function createRelaySlots(max: number): RelaySlots {
  let open = 0;
  return {
    acquire() {
      if (open >= max)
        throw new ProxyError(503, 'relay_busy', 'Too many relayed requests at once; retry later', {
          'retry-after': '1',
        });
      open += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open -= 1;
      };
    },
    get open() {
      return open;
    },
  };
}

/**
 * The provider's answer body, passed through chunk by chunk, but never longer than the limits:
 * a pause over `idleTimeoutMs` or a total over the response deadline cancels the upstream read
 * (which closes its connection) and errors the stream; so does the client going away (`cancel`).
 */
function boundedBody(
  body: ReadableStream<Uint8Array>,
  limits: RelayLimits,
  deadline: number,
  release: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let idle: ReturnType<typeof setTimeout> | undefined;
  let total: ReturnType<typeof setTimeout> | undefined;
  let expireIdle = (): void => undefined;
  let finished = false;
  const stop = (): void => {
    finished = true;
    clearTimeout(idle);
    clearTimeout(total);
    release();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const expire = (why: string) => () => {
        stop();
        void reader.cancel(why).catch(() => undefined);
        controller.error(new ProxyError(504, 'upstream_timeout', why));
      };
      total = setTimeout(
        expire('The provider did not finish its answer in time'),
        Math.max(0, deadline - Date.now()),
      );
      expireIdle = expire('The provider paused its answer for too long');
    },
    async pull(controller) {
      clearTimeout(idle);
      idle = setTimeout(expireIdle, limits.idleTimeoutMs);
      try {
        const { done, value } = await reader.read();
        clearTimeout(idle);
        if (finished) return;
        if (done) {
          stop();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        if (finished) return;
        stop();
        controller.error(error);
      }
    },
    async cancel(reason) {
      stop();
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}

export async function handleRelay(
  request: Request,
  rest: string,
  provider: ProxyProviderConfig,
  fetchUpstream: UpstreamFetch,
  limits: RelayLimits & { headersTimeoutMs: number },
  slots: RelaySlots,
  corsHeaders: Record<string, string>,
): Promise<Response> {
  if (!provider.apiRelay || provider.apiBaseUrl === undefined) {
    throw new ProxyError(404, 'relay_disabled', 'The API relay is not enabled for this provider');
  }
  const target = relayTarget(provider.apiBaseUrl, rest, new URL(request.url).search);

  dpopProof(request);
  const headers: Record<string, string> = {};
  for (const name of relayRequestHeaders(provider)) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const release = slots.acquire();
  let answer: Response;
  try {
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const body = hasBody ? await readLimitedBody(request, RELAY_BODY_LIMIT) : undefined;
    const deadline = Date.now() + limits.responseTimeoutMs;
    answer = await callUpstream(
      fetchUpstream,
      target,
      { method: request.method, headers, ...(body && body.byteLength > 0 ? { body } : {}) },
      Math.min(limits.headersTimeoutMs, limits.responseTimeoutMs),
      (response) => Promise.resolve(response),
    );
    const answerHeaders: Record<string, string> = {
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // The answer is the provider's, served from the proxy's origin: HTML in it must not run here.
      'content-security-policy': "sandbox; default-src 'none'",
    };
    for (const name of ANSWER_HEADERS) {
      const value = answer.headers.get(name);
      if (value !== null) answerHeaders[name] = value;
    }
    const noBody =
      request.method === 'HEAD' ||
      answer.status === 204 ||
      answer.status === 304 ||
      answer.body === null;
    if (noBody) {
      await answer.body?.cancel().catch(() => undefined);
      release();
    }
    return new Response(
      noBody || answer.body === null ? null : boundedBody(answer.body, limits, deadline, release),
      { status: answer.status, headers: { ...answerHeaders, ...corsHeaders } },
    );
  } catch (error) {
    release();
    throw error;
  }
}
