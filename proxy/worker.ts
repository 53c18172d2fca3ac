import { loadConfig, type Env, type RateLimitConfig } from './config';
import { errorResponse, ProxyError } from './errors';
import { createProxy, type ProxyHandler } from './handler';
import { clientKey, takeFromBucket, type Bucket, type RateLimiter } from './rate-limit';

/**
 * The Cloudflare Workers entry. Configuration comes from the Worker's `env` bindings (vars and
 * secrets), read once per isolate; the client key is CF-Connecting-IP, which Cloudflare sets and a
 * client cannot override. The rate limit lives in a Durable Object per client (IPv6 by /64), so
 * every isolate in every location counts against the same bucket: per-isolate memory would give
 * each of them a budget of its own.
 */

/** The Durable Object namespace binding (`[[durable_objects.bindings]]` in wrangler.toml). */
const RATE_LIMITER_BINDING = 'KEYFOB_RATE_LIMITER';

/** The little of the Workers runtime types this entry uses (no @cloudflare/workers-types needed). */
interface DurableObjectStub {
  fetch(request: Request): Promise<Response>;
}
interface DurableObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): DurableObjectStub;
}
interface DurableObjectStorage {
  get<T>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  setAlarm(at: number): Promise<void>;
  deleteAll(): Promise<void>;
}
interface DurableObjectState {
  storage: DurableObjectStorage;
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
}

type WorkerEnv = Readonly<Record<string, unknown>>;

/**
 * One client's token bucket, wherever its requests land. A Durable Object runs one request at a
 * time, so the read-refill-write below needs no lock; the bucket is kept in storage (not only in
 * memory) so that an evicted object does not hand out a fresh burst, and an alarm deletes it once
 * it would have refilled.
 */
export class KeyfobRateLimiter {
  constructor(private readonly state: DurableObjectState) {}

  async fetch(request: Request): Promise<Response> {
    const config = (await request.json()) as RateLimitConfig;
    const at = Date.now();
    const bucket = (await this.state.storage.get<Bucket>('bucket')) ?? {
      tokens: config.burst,
      updatedAt: at,
    };
    const wait = takeFromBucket(bucket, config, at);
    await this.state.storage.put('bucket', bucket);
    const fullInMs = ((config.burst - bucket.tokens) / config.refillPerSecond) * 1000;
    await this.state.storage.setAlarm(at + Math.ceil(fullInMs) + 1_000);
    return Response.json({ wait });
  }

  async alarm(): Promise<void> {
    await this.state.storage.deleteAll();
  }
}

function isNamespace(value: unknown): value is DurableObjectNamespace {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DurableObjectNamespace).idFromName === 'function'
  );
}

/** A RateLimiter that asks the client's Durable Object. */
function sharedRateLimiter(
  namespace: DurableObjectNamespace,
  config: RateLimitConfig,
): RateLimiter {
  return {
    async take(address) {
      const stub = namespace.get(namespace.idFromName(clientKey(address)));
      const answer = await stub.fetch(
        new Request('https://rate-limit.internal/take', {
          method: 'POST',
          body: JSON.stringify(config),
        }),
      );
      const { wait } = (await answer.json()) as { wait: number };
      return wait;
    },
  };
}

function stringVars(env: WorkerEnv): Env {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

let handler: ProxyHandler | undefined;

function notConfigured(problem: string): Response {
  // The problem list names settings, never their values, so it is safe to log.
  console.error(problem);
  return errorResponse(
    new ProxyError(500, 'server_error', 'The proxy is not configured; see the Worker logs'),
  );
}

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    if (handler === undefined) {
      let config;
      try {
        config = loadConfig(stringVars(env));
      } catch (error) {
        return notConfigured(error instanceof Error ? error.message : String(error));
      }
      const namespace = env[RATE_LIMITER_BINDING];
      if (config.rateLimit !== null && !isNamespace(namespace)) {
        return notConfigured(
          `The proxy configuration is invalid:\n  - ${RATE_LIMITER_BINDING} (a Durable Object binding of class KeyfobRateLimiter) is required on Workers, or KEYFOB_PROXY_RATE_LIMIT=off`,
        );
      }
      handler = createProxy(config, {
        ...(config.rateLimit !== null && isNamespace(namespace)
          ? { rateLimiter: sharedRateLimiter(namespace, config.rateLimit) }
          : {}),
      });
    }
    return handler(request, {
      clientAddress: request.headers.get('cf-connecting-ip') ?? undefined,
    });
  },
};
