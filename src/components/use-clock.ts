import { useEffect, useState } from 'react';
import { useServices } from '../services/services';

/** Below this much time left the clock ticks every second; above it, every 30 s. */
export const FAST_TICK_BELOW_MS = 120_000;

/** How long until the next tick, for a deadline at `deadline` seen at `now`. */
export function tickInterval(deadline: number | undefined, now: number): number | undefined {
  if (deadline === undefined) return undefined;
  const left = deadline - now;
  if (left < FAST_TICK_BELOW_MS) return 1_000;
  // Slow ticks, but never past the moment the fast ones should start.
  return Math.min(30_000, left - FAST_TICK_BELOW_MS + 1_000);
}

/**
 * The current time (the injected clock), re-read on a tick fast enough for `deadline`: every second in its last two
 * minutes (and after it, to count how long ago), every 30 s before, never without a deadline.
 */
export function useClock(deadline: number | undefined): number {
  // The injected clock (services.now), like every other reader of the time.
  const { now: clock } = useServices();
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const delay = tickInterval(deadline, clock());
    if (delay === undefined) return;
    const timer = setTimeout(() => setNow(clock()), delay);
    return () => clearTimeout(timer);
  }, [clock, deadline, now]);
  return now;
}
