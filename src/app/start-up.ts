import { basename, isCallbackPath } from '../routing/paths';

/** The parts of `window.location` and `window.history` start-up reads and rewrites. */
export interface StartUpWindow {
  location: Pick<Location, 'href' | 'pathname'>;
  history: Pick<History, 'state' | 'replaceState'>;
}

/**
 * Copies an authorization response out of the address bar and scrubs it, synchronously, before
 * anything asynchronous runs (config.json, the vault, the first render): whatever fails after this,
 * the code is no longer in the address bar, the history entry or a Referer. Returns the URL as it
 * arrived on a callback path, undefined elsewhere.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.2.4
 */
export function captureCallback(
  { location, history }: StartUpWindow,
  baseUrl: string = import.meta.env.BASE_URL,
): string | undefined {
  const base = basename(baseUrl);
  const path = location.pathname.startsWith(base)
    ? location.pathname.slice(base.length)
    : location.pathname;
  if (!isCallbackPath(path)) return undefined;
  const arrived = location.href;
  if (arrived !== new URL(location.pathname, arrived).href) {
    history.replaceState(history.state, '', location.pathname);
  }
  return arrived;
}

/**
 * True inside a frame of any origin. A meta CSP cannot carry `frame-ancestors`, so on a host that
 * sends no headers this check is what keeps another page from clickjacking Disconnect or Reveal.
 */
export function isFramed(win: { self: unknown; top: unknown }): boolean {
  try {
    return win.top !== win.self;
  } catch {
    // A cross-origin top that cannot even be compared is a frame too.
    return true;
  }
}
