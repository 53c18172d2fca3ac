import { useEffect, useState } from 'react';

const isActive = () => document.visibilityState !== 'hidden' && navigator.onLine !== false;

/**
 * Whether the page is visible and online: the only time a page renews tokens on a timer (a hidden
 * tab must not spend refresh tokens, and offline it cannot). Waking is handled by useRefreshOnWake.
 */
export function usePageActive(): boolean {
  const [active, setActive] = useState(isActive);
  useEffect(() => {
    const update = () => setActive(isActive());
    document.addEventListener('visibilitychange', update);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      document.removeEventListener('visibilitychange', update);
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return active;
}
