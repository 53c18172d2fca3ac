import { createContext, use, useCallback, useRef, useState, type ReactNode } from 'react';

type Announce = (message: string) => void;

const AnnounceContext = createContext<Announce>(() => undefined);

/**
 * One polite live region for the whole app, present from the first render so that screen readers
 * already watch it when a result arrives (a region inserted together with its text is often not
 * read). The same message twice is read twice: the region is emptied first, then filled on the
 * next frame.
 */
export function Announcer({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const frame = useRef(0);
  const announce = useCallback<Announce>((next) => {
    setMessage('');
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setMessage(next));
  }, []);
  return (
    <AnnounceContext value={announce}>
      {children}
      <div role="status" aria-live="polite" aria-atomic="true" className="visually-hidden">
        {message}
      </div>
    </AnnounceContext>
  );
}

/** Tells the live region what an action did ("Disconnected Sandbox…", "HTTP 200 in 12 ms"). */
export function useAnnounce(): Announce {
  return use(AnnounceContext);
}
