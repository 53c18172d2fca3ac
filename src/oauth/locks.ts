/**
 * The part of the Web Locks API that Keyfob uses, injected so unit tests can run two "tabs" against
 * one fake lock manager, and so a browser without `navigator.locks` still gets one lock per tab.
 * @see https://w3c.github.io/web-locks/
 */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** Exclusive locks within one JavaScript realm: each name runs its callbacks one at a time. */
export function createLocalLocks(): LockManagerLike {
  const tails = new Map<string, Promise<unknown>>();
  return {
    request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(callback, callback);
      const tail = run.catch(() => undefined);
      tails.set(name, tail);
      void tail.then(() => {
        if (tails.get(name) === tail) tails.delete(name);
      });
      return run;
    },
  };
}

/** The browser's Web Locks when there are any (secure contexts), per-tab locks otherwise. */
export function browserLocks(): LockManagerLike {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return createLocalLocks();
  return {
    async request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      return await locks.request(name, () => callback());
    },
  };
}

/** The lock that serialises refresh and disconnect of one connection across every tab. */
export const refreshLockName = (connectionId: string) => `keyfob-refresh:${connectionId}`;
