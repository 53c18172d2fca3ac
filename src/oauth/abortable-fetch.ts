import type { FetchLike } from './http';

/**
 * A fetch that gives up the moment `signal` aborts (the person pressed Cancel, the router left the
 * page): the request is aborted, and the wait ends at once even if the fetch ignores the signal.
 */
export function abortableFetch(fetchImpl: FetchLike, signal: AbortSignal): FetchLike {
  return async (input, init) => {
    signal.throwIfAborted();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    const merged = init?.signal ? AbortSignal.any([init.signal, signal]) : signal;
    try {
      return await Promise.race([fetchImpl(input, { ...init, signal: merged }), aborted]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  };
}
