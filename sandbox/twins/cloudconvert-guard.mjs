/**
 * What every CloudConvert API call passes first, in the order a real API gateway refuses: the rate
 * limit (with X-RateLimit-* headers when `rateLimit` is set), then the token or API key, then the
 * scope the call needs.
 */
import { apiError } from './cloudconvert-jobs.mjs';
import { bearerToken } from './lib/http.mjs';

/**
 * @param {import('./lib/twin.mjs').Twin<import('./cloudconvert.mjs').CloudConvertTwinSettings>} twin
 * @param {{ windowStart: number, used: number }} rate the current rate limit window (twin state)
 * @param {readonly string[]} allScopes what a bare API key is granted
 */
export function createGuard(twin, rate, allScopes) {
  const { settings } = twin;
  /**
   * Rate limit, then authentication, then scope: the order in which a real API gateway would
   * refuse. Returns the granted scopes, or undefined when it has answered.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} needed
   * @returns {string[] | undefined}
   */
  return function guard(req, res, needed) {
    const limit = Number(settings.rateLimit);
    if (limit > 0) {
      const windowMs = Number(settings.rateLimitWindow) * 1000;
      if (twin.now() - rate.windowStart >= windowMs) {
        rate.windowStart = twin.now();
        rate.used = 0;
      }
      rate.used += 1;
      res.setHeader('X-RateLimit-Limit', String(limit));
      res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - rate.used)));
      if (rate.used > limit) {
        twin.countRateLimited();
        const retryAfter = Math.max(
          1,
          Math.ceil((rate.windowStart + windowMs - twin.now()) / 1000),
        );
        res.setHeader('Retry-After', String(retryAfter));
        apiError(res, 429, 'RATE_LIMIT_EXCEEDED', 'Too Many Attempts.');
        return undefined;
      }
    }
    const token = bearerToken(req);
    /** @type {string[]} */
    let scopes;
    /** @type {readonly import('./cloudconvert.mjs').CloudConvertApiKey[]} */
    const keys = settings.apiKeys ?? [];
    const apiKey = token
      ? keys.find((k) => (typeof k === 'string' ? k : k.key) === token)
      : undefined;
    if (apiKey !== undefined) {
      scopes = typeof apiKey === 'string' ? [...allScopes] : [...(apiKey.scopes ?? allScopes)];
    } else {
      const checked = twin.store.checkAccessToken(token);
      if (!('record' in checked)) {
        apiError(res, 401, 'UNAUTHENTICATED', 'Unauthenticated.');
        return undefined;
      }
      scopes = checked.record.scope;
    }
    if (!scopes.includes(needed)) {
      apiError(res, 403, 'FORBIDDEN', `Invalid scope(s) provided: this call needs ${needed}.`);
      return undefined;
    }
    return scopes;
  };
}
