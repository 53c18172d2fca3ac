import type { Connection } from './types';

/** How long before expiry a token counts as expired: clocks drift and requests take time. */
export const DEFAULT_CLOCK_SKEW_MS = 30_000;

/**
 * Whether a connection's access token should be renewed now. The margin is the clock skew
 * tolerance, but at most a quarter of the token's lifetime, so that a token that lives only a few
 * seconds is not refreshed on every call.
 */
export function needsRefresh(connection: Connection, now: number, skewMs = DEFAULT_CLOCK_SKEW_MS) {
  const dueAt = refreshDueAt(connection, skewMs);
  return dueAt !== undefined && dueAt <= now;
}

/**
 * When `needsRefresh` turns true (epoch ms), undefined for a token that does not expire: the
 * moment a page that shows the connection renews it, so that both agree on what is due.
 */
export function refreshDueAt(
  connection: Pick<Connection, 'expiresAt' | 'updatedAt' | 'obtainedAt'>,
  skewMs = DEFAULT_CLOCK_SKEW_MS,
): number | undefined {
  if (connection.expiresAt === undefined) return undefined;
  // A check of the connection moves updatedAt but not the token's age: prefer when it was issued.
  const issuedAt = connection.obtainedAt ?? connection.updatedAt;
  const lifetime = Math.max(0, connection.expiresAt - issuedAt);
  return connection.expiresAt - Math.min(skewMs, lifetime / 4);
}
