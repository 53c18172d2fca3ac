import type { ResolvedProvider } from '../../../config/resolve';
import { bindingProblem } from '../../../oauth/binding';
import { ErrorCode } from '../../../oauth/errors';
import type { Connection } from '../../../oauth/types';

/**
 * Where a connection stands, from one rule, so that the list and the connection page can never
 * say different (or contradictory) things about it.
 * - connected: the credential works; for a token, until `expiresAt`.
 * - refreshing: the credential works and a refresh is under way in this tab.
 * - renews-on-next-use: the access token expired, but a refresh token and a configured provider
 *   renew it on the next call (what a page shows while hidden or offline, or after a failed try).
 * - needs-reconnect: nothing here can make it work again without a new sign-in.
 * - unreadable: the stored record no longer opens (damaged data or a lost key).
 */
export type StatusKind =
  'connected' | 'refreshing' | 'renews-on-next-use' | 'needs-reconnect' | 'unreadable';

export interface StatusOptions {
  /** The provider now configured under the connection's provider id (undefined: none). */
  provider?: ResolvedProvider;
  /** A refresh of this connection is running in this tab. */
  refreshing?: boolean;
}

export interface ConnectionStatusView {
  kind: StatusKind;
  /** The headline: "Connected" whenever the credential works, else what is wrong. */
  label: 'Connected' | 'Needs reconnect' | 'Unreadable';
  /** A stable error code for needs-reconnect and unreadable. */
  code?: string;
  /** Why it needs a reconnect, as a sentence. */
  reason?: string;
  /** What happens next, in a few words ("Refreshing the access token…"). */
  detail?: string;
  expiresAt?: number;
  /** Milliseconds left (negative once expired); undefined when it does not expire. */
  msLeft?: number;
  /** How much of the token's lifetime is left, 0 to 1; undefined when it does not expire. */
  fractionLeft?: number;
  /** "expires in 4 min", "expired 2 min ago", "Does not expire" (an API key). */
  timeLeftText: string;
  /** A refresh token is stored and the provider can take it: "Refresh now" makes sense. */
  canRefresh: boolean;
  /** The latest of obtained, refreshed, checked. */
  lastEvent?: { what: 'connected' | 'refreshed' | 'checked'; at: number };
}

/** The unreadable record's reason code: the vault could not open it. */
export const UNREADABLE_CODE = 'UNREADABLE';

/** "4 min", "45 s", "3 h", "2 days": a duration in the largest unit that keeps it readable. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

/** How long a credential has left; without an expiry, an API key lasts, a token's is unknown. */
export function timeLeftText(
  expiresAt: number | undefined,
  now: number,
  authMethod: Connection['authMethod'] = 'oauth',
): string {
  if (expiresAt === undefined) {
    return authMethod === 'oauth' ? 'Lifetime not given by the provider' : 'Does not expire';
  }
  const ms = expiresAt - now;
  return ms > 0 ? `expires in ${formatDuration(ms)}` : `expired ${formatDuration(-ms)} ago`;
}

function lastEventOf(connection: Connection): ConnectionStatusView['lastEvent'] {
  const events: NonNullable<ConnectionStatusView['lastEvent']>[] = [];
  const obtained = connection.obtainedAt ?? connection.createdAt;
  if (obtained > 0) events.push({ what: 'connected', at: obtained });
  if (connection.refreshedAt !== undefined)
    events.push({ what: 'refreshed', at: connection.refreshedAt });
  if (connection.checkedAt !== undefined)
    events.push({ what: 'checked', at: connection.checkedAt });
  return events.reduce<ConnectionStatusView['lastEvent']>(
    (latest, e) => (latest === undefined || e.at >= latest.at ? e : latest),
    undefined,
  );
}

/** What stops this connection's refresh token from renewing it, or undefined when nothing does. */
function renewalProblem(
  connection: Connection,
  provider: ResolvedProvider | undefined,
): { code: string; reason: string } | undefined {
  if (connection.authMethod !== 'oauth') return undefined;
  if (!provider?.clientId) {
    return {
      code: ErrorCode.NEEDS_RECONNECT,
      reason: `${connection.providerName} is no longer configured here, so its token cannot renew.`,
    };
  }
  const rebound = bindingProblem(connection, provider);
  return rebound && { code: rebound.code, reason: rebound.message };
}

/**
 * The one status of a connection at `now`. Pure: the page passes its clock and whether it is
 * refreshing, so a fake clock walks it through every state.
 */
export function connectionStatus(
  connection: Connection,
  now: number,
  options: StatusOptions = {},
): ConnectionStatusView {
  const { expiresAt } = connection;
  const lifetime =
    expiresAt === undefined
      ? undefined
      : expiresAt - (connection.obtainedAt ?? connection.updatedAt);
  const msLeft = expiresAt === undefined ? undefined : expiresAt - now;
  const base = {
    expiresAt,
    msLeft,
    fractionLeft:
      msLeft === undefined || lifetime === undefined
        ? undefined
        : lifetime <= 0
          ? 0
          : Math.min(1, Math.max(0, msLeft / lifetime)),
    timeLeftText: timeLeftText(expiresAt, now, connection.authMethod),
    lastEvent: lastEventOf(connection),
  };
  if (!connection.credential) {
    return {
      ...base,
      kind: 'unreadable',
      label: 'Unreadable',
      code: connection.statusCode ?? UNREADABLE_CODE,
      reason: connection.statusReason ?? 'The stored connection cannot be read. Connect again.',
      canRefresh: false,
    };
  }
  const reconnect = (code: string, reason: string): ConnectionStatusView => ({
    ...base,
    kind: 'needs-reconnect',
    label: 'Needs reconnect',
    code,
    reason,
    canRefresh: false,
  });
  if (connection.status === 'needs-reconnect') {
    return reconnect(
      connection.statusCode ?? ErrorCode.NEEDS_RECONNECT,
      connection.statusReason ?? 'The provider no longer accepts the stored credential.',
    );
  }
  const problem = renewalProblem(connection, options.provider);
  if (problem?.code === ErrorCode.PROVIDER_CHANGED) return reconnect(problem.code, problem.reason);
  const canRefresh = connection.hasRefreshToken && problem === undefined;
  const expired = msLeft !== undefined && msLeft <= 0;
  if (options.refreshing && canRefresh) {
    return {
      ...base,
      kind: 'refreshing',
      label: 'Connected',
      detail: 'Refreshing the access token…',
      canRefresh,
    };
  }
  if (expired && canRefresh) {
    return {
      ...base,
      kind: 'renews-on-next-use',
      label: 'Connected',
      detail: 'Renews on next use: the refresh token gets a new access token',
      canRefresh,
    };
  }
  if (expired) {
    return reconnect(
      problem?.code ?? ErrorCode.NEEDS_RECONNECT,
      problem?.reason ??
        `Access expired and ${connection.providerName} gave no refresh token, so it cannot renew.`,
    );
  }
  return { ...base, kind: 'connected', label: 'Connected', canRefresh };
}
