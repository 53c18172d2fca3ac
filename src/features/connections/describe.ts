import type { Connection } from '../../oauth/types';

/** "Connected as <name>", from what the ID token or the provider's API said. */
export function connectedAs(connection: Connection): string {
  const who = connection.identity?.displayName ?? connection.identity?.email;
  return who ? `Connected as ${who}` : `Connected to ${connection.providerName}`;
}

/** A plain sentence for when the access token stops working. */
export function describeExpiry(expiresAt: number | undefined, now: number): string {
  if (expiresAt === undefined) return 'Does not expire';
  const seconds = Math.round((expiresAt - now) / 1000);
  const at = new Date(expiresAt).toLocaleString();
  if (seconds <= 0) return `Expired at ${at}`;
  if (seconds < 120) return `Expires at ${at} (in ${seconds} seconds)`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `Expires at ${at} (in ${minutes} minutes)`;
  return `Expires at ${at} (in ${Math.round(minutes / 60)} hours)`;
}
