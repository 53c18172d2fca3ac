import { useEffect, useState } from 'react';
import { useServices } from '../services/services';

/** The injected clock, read again every `intervalMs`, so times left count down on screen. */
export function useNow(intervalMs = 1000): number {
  const { now: clock } = useServices();
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), intervalMs);
    return () => clearInterval(timer);
  }, [clock, intervalMs]);
  return now;
}
