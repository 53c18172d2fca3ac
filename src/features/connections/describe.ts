import type { Connection } from '../../oauth/types';

/** "Connected as <name>", from what the ID token or the provider's API said. */
export function connectedAs(connection: Connection): string {
  const who = connection.identity?.displayName ?? connection.identity?.email;
  return who ? `Connected as ${who}` : `Connected to ${connection.providerName}`;
}

/**
 * When the access token stops working, as a date; how long is left is the status's to say (one
 * clock, so the two never disagree).
 */
export function describeExpiry(expiresAt: number | undefined, now: number): string {
  if (expiresAt === undefined) return 'Does not expire';
  const at = new Date(expiresAt).toLocaleString();
  return expiresAt <= now ? `Expired at ${at}` : `Expires at ${at}`;
}
