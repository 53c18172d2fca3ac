import { loadConfig, type Env } from './config';
import { errorResponse, ProxyError } from './errors';
import { createProxy, type ProxyHandler } from './handler';

/**
 * The Cloudflare Workers entry. Configuration comes from the Worker's `env` bindings (vars and
 * secrets), read once per isolate (so the rate limit's buckets live as long as it); the client key is CF-Connecting-IP, which Cloudflare sets and
 * a client cannot override.
 */
let handler: ProxyHandler | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (handler === undefined) {
      try {
        handler = createProxy(loadConfig(env));
      } catch (error) {
        // The problem list names settings, never their values, so it is safe to log.
        console.error(error instanceof Error ? error.message : error);
        return errorResponse(
          new ProxyError(500, 'server_error', 'The proxy is not configured; see the Worker logs'),
        );
      }
    }
    return handler(request, {
      clientAddress: request.headers.get('cf-connecting-ip') ?? undefined,
    });
  },
};
