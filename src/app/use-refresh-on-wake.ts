import { useEffect } from 'react';
import { useServices } from '../services/services';

/**
 * Refreshes connections near expiry when the tab comes back: focus, becoming visible, or the
 * network returning. Timers do not run while a laptop sleeps or a tab is frozen, so waking is the
 * moment to check, not a timer set hours ago. Refresh is single-flight across tabs, so every tab
 * doing this at once still makes one request.
 */
export function useRefreshOnWake(): void {
  const { lifecycle } = useServices();
  useEffect(() => {
    const wake = () => {
      if (document.visibilityState === 'hidden') return;
      void lifecycle.refreshDue().catch(() => undefined);
    };
    window.addEventListener('focus', wake);
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', wake);
    return () => {
      window.removeEventListener('focus', wake);
      window.removeEventListener('online', wake);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [lifecycle]);
}
