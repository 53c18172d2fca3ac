import { ProxyError } from './errors';

/**
 * CORS only ever for configured origins. Every answer that may differ by origin says
 * `Vary: Origin`, so a shared cache never serves one origin's answer to another.
 */

const PREFLIGHT_MAX_AGE_SECONDS = '600';
/** Headers the app may read from relayed answers besides the CORS-safelisted ones. */
const EXPOSED_HEADERS =
  'retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, dpop-nonce, www-authenticate, keyfob-proxy-error';

/** The allowed origin of a request, or a refusal: a missing Origin is refused too (see README). */
export function checkOrigin(request: Request, allowedOrigins: readonly string[]): string {
  const origin = request.headers.get('origin');
  if (origin === null) {
    throw new ProxyError(
      403,
      'origin_not_allowed',
      'Requests without an Origin header are refused: the proxy serves browsers on the configured origins only',
    );
  }
  if (!allowedOrigins.includes(origin)) {
    throw new ProxyError(403, 'origin_not_allowed', 'This origin is not allowed to use the proxy');
  }
  return origin;
}

/** CORS headers for an actual (non-preflight) answer to an allowed origin. */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (origin === undefined) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

/** The answer to a preflight from an allowed origin. */
export function preflightResponse(
  origin: string,
  methods: readonly string[],
  headers: readonly string[],
): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': methods.join(', '),
      'access-control-allow-headers': headers.join(', '),
      'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    },
  });
}
