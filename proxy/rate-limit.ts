import type { RateLimitConfig } from './config';

/**
 * A token bucket per client, in memory: each client may make `burst` requests at once and regains
 * `refillPerSecond`. Per instance only (the Node entry); the Workers entry shares its limit through
 * the platform instead (see worker.ts).
 */
export interface RateLimiter {
  /**
   * `0` when the request may go ahead; otherwise the whole seconds to wait (for Retry-After).
   * `key` is the client's address; the limiter keys it (see `clientKey`). A shared limiter (the
   * Workers entry's Durable Object) answers asynchronously.
   */
  take(key: string): number | Promise<number>;
}

export interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** At most this many clients are remembered; the least recently seen is forgotten first. */
export const MAX_BUCKETS = 10_000;

/**
 * The rate limit's key for an address: an IPv4 address as it is (an IPv4-mapped IPv6 address as
 * its IPv4), an IPv6 address by its /64, since one client holds a whole /64 and rotates through it.
 */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1] ?? address;
  if (!address.includes(':')) return address;
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const [head = '', tail] = bare.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = Math.max(0, 8 - left.length - right.length);
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(missing).fill('0'), ...right];
  const prefix = groups
    .slice(0, 4)
    .map((group) =>
      /^[0-9a-f]{1,4}$/i.test(group) ? Number.parseInt(group, 16).toString(16) : group,
    );
  return `${prefix.join(':')}::/64`;
}

/** One token bucket: what is left after this request, and the wait if nothing was. */
export function takeFromBucket(bucket: Bucket, config: RateLimitConfig, at: number): number {
  const refillPerMs = config.refillPerSecond / 1000;
  bucket.tokens = Math.min(
    config.burst,
    bucket.tokens + Math.max(0, at - bucket.updatedAt) * refillPerMs,
  );
  bucket.updatedAt = at;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
}

export function createRateLimiter(
  config: RateLimitConfig,
  now: () => number,
  maxBuckets = MAX_BUCKETS,
): { take(key: string): number } {
  // A Map iterates in insertion order; re-inserting on every use makes its first key the least
  // recently seen client, so forgetting one is O(1) however many there are.
  const buckets = new Map<string, Bucket>();

  return {
    take(address) {
      const key = clientKey(address);
      const at = now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= maxBuckets) {
          const oldest = buckets.keys().next();
          if (!oldest.done) buckets.delete(oldest.value);
        }
        bucket = { tokens: config.burst, updatedAt: at };
      } else {
        buckets.delete(key);
      }
      buckets.set(key, bucket);
      return takeFromBucket(bucket, config, at);
    },
  };
}
