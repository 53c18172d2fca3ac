import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { refreshDueAt } from '../../../oauth/refresh-due';
import type { Connection } from '../../../oauth/types';
import { useServices } from '../../../services/services';
import { connectionStatus } from './status-model';
import { usePageActive } from './use-page-active';

/** After a failed try (network, provider error), the page waits this long before the next. */
export const RETRY_AFTER_FAILURE_MS = 15_000;
/** setTimeout's longest delay; a later deadline is re-armed when that timer fires. */
const MAX_TIMER_MS = 2_147_483_647;

export interface TokenRefresh {
  /** A refresh of this connection runs in this tab (the timer's or "Refresh now"). */
  isRefreshing(connectionId: string): boolean;
  /** The last refresh of this connection failed with this error (cleared by the next success). */
  errorOf(connectionId: string): unknown;
  /** "Refresh now": renews at once; a failure lands in errorOf (and the stored status). */
  refreshNow(connectionId: string): Promise<void>;
}

/**
 * Renews the access tokens of `connections` before they expire, while the page is visible and
 * online, so that nobody looking at a connection sees an expired token that could have been
 * renewed. One timer for the earliest due connection, at the moment authorizedFetch would itself
 * refresh (refreshDueAt); it re-arms whenever the connections change (a refresh saves, which
 * reloads them) and after each try, and stops when the page is hidden, offline or unmounted.
 * The refresh itself is lifecycle's: single-flight in this tab and across tabs (Web Lock), so two
 * tabs whose timers fire together make one request.
 */
export function useTokenRefresh(connections: Connection[]): TokenRefresh {
  const { lifecycle, providers } = useServices();
  const active = usePageActive();
  const [running, setRunning] = useState<Readonly<Record<string, number>>>({});
  const [errors, setErrors] = useState<Readonly<Record<string, unknown>>>({});
  const [retryAt, setRetryAt] = useState<Readonly<Record<string, number>>>({});
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (id: string, how: 'due' | 'now') => {
      setRunning((r) => ({ ...r, [id]: (r[id] ?? 0) + 1 }));
      let next: number | undefined;
      try {
        const after =
          how === 'now' ? await lifecycle.refreshNow(id) : await lifecycle.refreshIfDue(id);
        if (!mounted.current) return;
        setErrors(({ [id]: _dropped, ...rest }) => rest);
        // Nothing was renewed and it is still due (a clock that fired early): look again soon.
        const due = refreshDueAt(after);
        if (due !== undefined && due <= Date.now()) next = Date.now() + 1_000;
      } catch (error) {
        if (!mounted.current) return;
        setErrors((e) => ({ ...e, [id]: error }));
        next = Date.now() + RETRY_AFTER_FAILURE_MS;
      } finally {
        if (mounted.current) {
          setRunning(({ [id]: count = 1, ...rest }) =>
            count > 1 ? { ...rest, [id]: count - 1 } : rest,
          );
        }
      }
      setRetryAt(({ [id]: _old, ...rest }) =>
        next === undefined ? rest : { ...rest, [id]: next },
      );
    },
    [lifecycle],
  );

  // Which connections renew, and when: the same rule as the status (a refresh token, a provider
  // that can take it, not needing a reconnect), at the time authorizedFetch would refresh.
  const plan = useMemo(() => {
    const now = Date.now();
    return connections.flatMap((c) => {
      const provider = providers.find((p) => p.id === c.providerId);
      const due = refreshDueAt(c);
      if (due === undefined || !connectionStatus(c, now, { provider }).canRefresh) return [];
      return [{ id: c.id, at: Math.max(due, retryAt[c.id] ?? 0) }];
    });
  }, [connections, providers, retryAt]);

  const busy = Object.keys(running).length > 0;
  useEffect(() => {
    if (!active || busy || plan.length === 0) return;
    const next = Math.min(...plan.map((p) => p.at));
    const timer = setTimeout(
      () => {
        const now = Date.now();
        for (const p of plan) if (p.at <= now) void run(p.id, 'due');
        // A deadline beyond setTimeout's reach: this re-renders and re-arms.
        if (next > now) setRetryAt((r) => ({ ...r }));
      },
      Math.min(MAX_TIMER_MS, Math.max(0, next - Date.now())),
    );
    return () => clearTimeout(timer);
  }, [active, busy, plan, run]);

  return useMemo(
    () => ({
      isRefreshing: (id) => (running[id] ?? 0) > 0,
      errorOf: (id) => errors[id],
      refreshNow: (id) => run(id, 'now'),
    }),
    [running, errors, run],
  );
}
