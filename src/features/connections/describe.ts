import type { Connection } from '../../oauth/types';

/**
 * "Connected as <name>" while the credential works, "Account: <name>" once it does not (the
 * status then says why), from what the ID token or the provider's API said.
 */
export function connectedAs(connection: Connection, working = true): string {
  const who = connection.identity?.displayName ?? connection.identity?.email;
  if (!working) return who ? `Account: ${who}` : `${connection.providerName} account`;
  return who ? `Connected as ${who}` : `Connected to ${connection.providerName}`;
}

/**
 * When the access token stops working, as a date; how long is left is the status's to say (one
 * clock, so the two never disagree).
 */
export function describeExpiry(expiresAt: number, now: number): string {
  const at = new Date(expiresAt).toLocaleString();
  return expiresAt <= now ? `Expired at ${at}` : `Expires at ${at}`;
}
