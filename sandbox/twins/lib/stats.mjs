/** The request counters every twin keeps, reported by `stats()` and `GET /__twin/stats`. */

/** @typedef {import('./types.mjs').TwinStats} TwinStats */

/** @returns {TwinStats} */
export function emptyStats() {
  return {
    authorize: { shown: 0, allowed: 0, denied: 0, refused: 0 },
    tokenRequests: {},
    tokenErrors: 0,
    apiCalls: 0,
    apiErrors: 0,
    revocations: 0,
    preflights: 0,
    rateLimited: 0,
  };
}
