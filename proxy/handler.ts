import type { ProxyConfig } from './config';
import { checkOrigin, corsHeaders, preflightResponse } from './cors';
import { errorResponse, jsonResponse, ProxyError } from './errors';
import { jsonLineLogger, type ProxyLogEntry, type ProxyLogger } from './log';
import { createRateLimiter, type RateLimiter } from './rate-limit';
import {
  createRelaySlots,
  handleRelay,
  RELAY_DEFAULTS,
  RELAY_METHODS,
  relayRequestHeaders,
  type RelayLimits,
} from './relay';
import { handleOAuthRoute, revokeRoute, tokenRoute } from './token';
import type { UpstreamFetch } from './upstream';

/** Side effects come in as options so tests need no port, no sleeping and no replaced globals. */
export interface ProxyOptions {
  /** Reaches the providers; defaults to the runtime's `fetch`. */
  fetch?: UpstreamFetch;
  /** Milliseconds since the epoch; drives the rate limit and the logged durations. */
  now?: () => number;
  log?: ProxyLogger;
  /**
   * Replaces the in-process rate limiter (the Workers entry passes one shared by every isolate);
   * ignored when the configuration turns the limit off.
   */
  rateLimiter?: RateLimiter;
  /** Bounds on relayed answers (see relay.ts). */
  relay?: Partial<RelayLimits>;
}

/** What the runtime entry knows about the connection and the request cannot forge. */
export interface RequestContext {
  /** Node: the socket's remote address; Workers: CF-Connecting-IP. The rate limit's client key. */
  clientAddress?: string;
}

export type ProxyHandler = (request: Request, context?: RequestContext) => Promise<Response>;

type Route =
  | { kind: 'healthz' }
  | { kind: 'token' | 'revoke'; providerId: string }
  | { kind: 'api'; providerId: string; rest: string };

const OAUTH_HEADERS = ['content-type', 'accept', 'dpop'];

/** The methods a route answers (OPTIONS aside), or `undefined` for no such route. */
export function allowedMethodsFor(pathname: string): readonly string[] | undefined {
  const matched = matchRoute(pathname);
  if (matched === undefined) return undefined;
  if (matched.kind === 'healthz') return ['GET', 'HEAD'];
  return matched.kind === 'api' ? RELAY_METHODS : ['POST'];
}

function matchRoute(pathname: string): Route | undefined {
  if (pathname === '/healthz') return { kind: 'healthz' };
  const oauth = /^\/(token|revoke)\/([^/]+)$/.exec(pathname);
  if (oauth) return { kind: oauth[1] === 'token' ? 'token' : 'revoke', providerId: oauth[2] ?? '' };
  const api = /^\/api\/([^/]+)(?:\/(.*))?$/.exec(pathname);
  if (api) return { kind: 'api', providerId: api[1] ?? '', rest: api[2] ?? '' };
  return undefined;
}

/**
 * Makes the whole proxy: one `(request, context) => Promise<Response>` handler from a validated
 * configuration (see `loadConfig`). Creating it is separate from listening, so the same handler
 * runs under Node (`proxy/node.ts`), Workers (`proxy/worker.ts`) and in tests.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://www.rfc-editor.org/rfc/rfc7009
 */
export function createProxy(config: ProxyConfig, options: ProxyOptions = {}): ProxyHandler {
  const {
    fetch: fetchUpstream,
    now,
    log,
    relay,
  } = {
    // Wrapped, not passed bare: Workers throws "Illegal invocation" on an unbound fetch.
    fetch: (request: Request) => fetch(request),
    now: () => Date.now(),
    log: jsonLineLogger,
    ...options,
    relay: { ...RELAY_DEFAULTS, ...options.relay },
  } satisfies Required<Omit<ProxyOptions, 'rateLimiter'>>;
  const relaySlots = createRelaySlots(relay.maxConcurrent);
  const limiter = config.rateLimit
    ? (options.rateLimiter ?? createRateLimiter(config.rateLimit, now))
    : undefined;

  async function route(
    request: Request,
    context: RequestContext,
    entry: Partial<ProxyLogEntry>,
  ): Promise<Response> {
    const url = new URL(request.url);
    const matched = matchRoute(url.pathname);
    if (matched === undefined) throw new ProxyError(404, 'not_found', 'No such route');
    entry.route = matched.kind;

    if (matched.kind === 'healthz') {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        throw methodNotAllowed(['GET', 'HEAD']);
      return jsonResponse(200, { status: 'ok' });
    }

    entry.provider = matched.providerId.slice(0, 64);
    const provider = Object.hasOwn(config.providers, matched.providerId)
      ? config.providers[matched.providerId]
      : undefined;
    const methods = matched.kind === 'api' ? RELAY_METHODS : (['POST'] as const);

    if (request.method === 'OPTIONS') {
      entry.route = 'preflight';
      const origin = checkOrigin(request, config.allowedOrigins);
      const headers =
        matched.kind === 'api' && provider ? relayRequestHeaders(provider) : OAUTH_HEADERS;
      return preflightResponse(origin, methods, headers);
    }
    if (!(methods as readonly string[]).includes(request.method)) throw methodNotAllowed(methods);

    let origin: string | undefined;
    let originRefusal: unknown;
    try {
      origin = checkOrigin(request, config.allowedOrigins);
    } catch (error) {
      originRefusal = error;
    }
    const cors = corsHeaders(origin);
    try {
      // Counted before the origin check so that refused requests also spend the client's budget.
      const wait = (await limiter?.take(context.clientAddress ?? 'unknown')) ?? 0;
      if (wait > 0)
        throw new ProxyError(
          429,
          'rate_limited',
          'Too many requests from this client; retry later',
          { 'retry-after': String(wait) },
        );
      if (origin === undefined) throw originRefusal;
      if (provider === undefined)
        throw new ProxyError(
          404,
          'unknown_provider',
          'This provider is unknown or not enabled on the proxy',
        );

      if (matched.kind === 'api')
        return await handleRelay(
          request,
          matched.rest,
          provider,
          fetchUpstream,
          { ...relay, headersTimeoutMs: config.timeoutMs },
          relaySlots,
          cors,
        );
      const oauthRoute = matched.kind === 'token' ? tokenRoute : revokeRoute;
      return await handleOAuthRoute(
        oauthRoute,
        request,
        provider,
        origin,
        config.timeoutMs,
        fetchUpstream,
        cors,
      );
    } catch (error) {
      if (!(error instanceof ProxyError)) throw error;
      entry.error = error.code;
      return errorResponse(error, cors);
    }
  }

  return async (request, context = {}) => {
    const started = now();
    const entry: Partial<ProxyLogEntry> = { route: 'unmatched', method: request.method };
    let response: Response;
    try {
      response = await route(request, context, entry);
    } catch (error) {
      // Anything unexpected is a plain 500: its message could carry request data, so it is not echoed.
      const refusal =
        error instanceof ProxyError
          ? error
          : new ProxyError(500, 'server_error', 'The proxy failed unexpectedly');
      entry.error = refusal.code;
      response = errorResponse(refusal);
    }
    log({
      time: new Date(started).toISOString(),
      route: entry.route ?? 'unmatched',
      ...(entry.provider === undefined ? {} : { provider: entry.provider }),
      method: request.method,
      status: response.status,
      duration_ms: Math.max(0, now() - started),
      ...(entry.error === undefined ? {} : { error: entry.error }),
    });
    return response;
  };
}

function methodNotAllowed(allowed: readonly string[]): ProxyError {
  return new ProxyError(405, 'method_not_allowed', `Use ${allowed.join(', ')}`, {
    allow: allowed.join(', '),
  });
}
