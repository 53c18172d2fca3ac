import { ErrorCode, KeyfobError } from './errors';

export interface LockOptions {
  /** How long to wait for the lock before failing with TIMEOUT (the holder keeps it). */
  waitMs?: number;
  /** What the wait was for, in words, for the TIMEOUT message. */
  step?: string;
}

/**
 * The part of the Web Locks API that Keyfob uses, injected so unit tests can run two "tabs" against
 * one fake lock manager, and so a browser without `navigator.locks` still gets one lock per tab.
 * Every wait is bounded: a tab that holds a lock for good must not stall the others.
 * @see https://w3c.github.io/web-locks/
 */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>, options?: LockOptions): Promise<T>;
}

/** How long a tab waits for another's refresh: its discovery and token request, each bounded. */
export const DEFAULT_LOCK_WAIT_MS = 35_000;

export function lockTimeout(options: LockOptions | undefined, waitMs: number): KeyfobError {
  return new KeyfobError(
    ErrorCode.TIMEOUT,
    `Another tab kept this connection busy (${options?.step ?? 'waiting for a lock'}) for more than ${Math.round(waitMs / 1000)} s.`,
    { step: options?.step ?? 'waiting for a lock' },
  );
}

/** Exclusive locks within one JavaScript realm: each name runs its callbacks one at a time. */
export function createLocalLocks(): LockManagerLike {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request<T>(name: string, callback: () => Promise<T>, options?: LockOptions): Promise<T> {
      const waitMs = options?.waitMs ?? DEFAULT_LOCK_WAIT_MS;
      let gaveUp = false;
      let granted!: () => void;
      const grantedSignal = new Promise<void>((resolve) => (granted = resolve));
      const previous = tails.get(name) ?? Promise.resolve();
      const start = (): Promise<T | undefined> => {
        if (gaveUp) return Promise.resolve(undefined);
        granted();
        return callback();
      };
      const run = previous.then(start, start);
      const tail = run.catch(() => undefined);
      tails.set(name, tail);
      void tail.then(() => {
        if (tails.get(name) === tail) tails.delete(name);
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waited = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          gaveUp = true;
          reject(lockTimeout(options, waitMs));
        }, waitMs);
      });
      void grantedSignal.then(() => clearTimeout(timer));
      return Promise.race([grantedSignal.then(() => run as Promise<T>), waited]);
    },
  };
}

/** The browser's Web Locks when there are any (secure contexts), per-tab locks otherwise. */
export function browserLocks(): LockManagerLike {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return createLocalLocks();
  return {
    async request<T>(name: string, callback: () => Promise<T>, options?: LockOptions): Promise<T> {
      const waitMs = options?.waitMs ?? DEFAULT_LOCK_WAIT_MS;
      try {
        // The signal only bounds the wait: once granted, the callback runs to its end.
        return await locks.request(name, { signal: AbortSignal.timeout(waitMs) }, () => callback());
      } catch (error) {
        if (
          error instanceof DOMException &&
          (error.name === 'AbortError' || error.name === 'TimeoutError')
        ) {
          throw lockTimeout(options, waitMs);
        }
        throw error;
      }
    },
  };
}

/** The lock that serialises refresh and disconnect of one connection across every tab. */
export const refreshLockName = (connectionId: string) => `keyfob-refresh:${connectionId}`;
