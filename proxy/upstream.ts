import { ProxyError } from './errors';

/** How the proxy reaches providers; injected so tests run against a fake upstream with no port. */
export type UpstreamFetch = (request: Request) => Promise<Response>;

/**
 * Sends one request upstream and runs `consume` on the answer, both within `timeoutMs`. A network
 * failure becomes 502 and the deadline 504; the request is aborted (AbortSignal) so the runtime
 * drops the connection. Redirects are never followed: following a 307 would re-send the client
 * secret to whatever host the Location names.
 */
export async function callUpstream<T>(
  fetchUpstream: UpstreamFetch,
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: Uint8Array<ArrayBuffer> | string;
  },
  timeoutMs: number,
  consume: (response: Response) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const request = new Request(url, { ...init, redirect: 'manual', signal: controller.signal });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new ProxyError(
          504,
          'upstream_timeout',
          `The provider did not answer within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
  });
  const exchange = (async () => {
    let response: Response;
    try {
      response = await fetchUpstream(request);
    } catch {
      throw new ProxyError(502, 'upstream_unreachable', 'The provider could not be reached');
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw new ProxyError(
        502,
        'upstream_invalid_response',
        `The provider answered with a redirect (${response.status}), which the proxy does not follow`,
      );
    }
    return consume(response);
  })();
  // The loser of the race must not surface as an unhandled rejection.
  exchange.catch(() => undefined);
  try {
    return await Promise.race([exchange, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a token or revocation answer: JSON, or (for revocation, RFC 7009 2.2) an empty body. */
export async function readJsonAnswer(
  response: Response,
  allowEmpty: boolean,
): Promise<{ status: number; text: string; headers: Headers }> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw new ProxyError(
      502,
      'upstream_unreachable',
      'The provider closed the connection before its answer was complete',
    );
  }
  if (text.trim() === '' && allowEmpty)
    return { status: response.status, text: '', headers: response.headers };
  try {
    JSON.parse(text);
  } catch {
    throw new ProxyError(
      502,
      'upstream_invalid_response',
      `The provider answered ${response.status} with a body that is not JSON`,
    );
  }
  return { status: response.status, text, headers: response.headers };
}
