import type { RateLimitConfig } from './config';

/**
 * A token bucket per client key, in memory: each client may make `burst` requests at once and
 * regains `refillPerSecond`. Per instance only: several instances (or Workers isolates) each keep
 * their own buckets, which is an honest limit stated in the README.
 */
export interface RateLimiter {
  /** `0` when the request may go ahead; otherwise the whole seconds to wait (for Retry-After). */
  take(key: string): number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Past this many clients, buckets that have refilled are dropped so memory stays bounded. */
const SWEEP_AT = 10_000;

export function createRateLimiter(config: RateLimitConfig, now: () => number): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = config.refillPerSecond / 1000;

  const refill = (bucket: Bucket, at: number): void => {
    bucket.tokens = Math.min(
      config.burst,
      bucket.tokens + Math.max(0, at - bucket.updatedAt) * refillPerMs,
    );
    bucket.updatedAt = at;
  };

  const sweep = (at: number): void => {
    for (const [key, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= config.burst) buckets.delete(key);
    }
  };

  return {
    take(key) {
      const at = now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= SWEEP_AT) sweep(at);
        bucket = { tokens: config.burst, updatedAt: at };
        buckets.set(key, bucket);
      } else {
        refill(bucket, at);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
    },
  };
}
