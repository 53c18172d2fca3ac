import { useEffect, useRef, type RefObject } from 'react';
import { useLocation } from 'react-router';

/** How long a new page may take to show its heading (it may first show "Loading…"). */
const headingWaitMs = 5000;

function focusHeading(main: HTMLElement): boolean {
  const heading = main.querySelector('h1');
  if (!heading) return false;
  // A heading is not a control: -1 lets it take focus without adding a tab stop.
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
  return true;
}

/**
 * After each in-app navigation (not the first load, where the browser's own start is right),
 * moves keyboard focus to the new page's h1, so a keyboard or screen-reader user starts reading
 * the new page instead of staying on a link that is gone. Pages that load first get their h1 a
 * moment later: it is awaited with a MutationObserver.
 */
export function useFocusOnNavigate(main: RefObject<HTMLElement | null>): void {
  const location = useLocation();
  const shown = useRef(location);
  useEffect(() => {
    // Keyed on the location object (each navigation makes a new one; entries pushed from outside
    // the router all share the key "default"), so StrictMode's second run changes nothing.
    if (shown.current === location) return;
    shown.current = location;
    const root = main.current;
    if (!root || focusHeading(root)) return;
    const observer = new MutationObserver(() => {
      if (focusHeading(root)) stop();
    });
    const timer = setTimeout(() => stop(), headingWaitMs);
    function stop() {
      observer.disconnect();
      clearTimeout(timer);
    }
    observer.observe(root, { childList: true, subtree: true });
    return stop;
  }, [location, main]);
}

/** Moves focus to the page's heading (or main itself): where "Skip to content" lands. */
export function skipToContent(main: HTMLElement | null): void {
  if (main && !focusHeading(main)) main.focus();
}
