/**
 * The component harness's strictness. A page catches a rejected service call and shows it, so a
 * rejection alone never fails a test: every call no test expected is also recorded here, and
 * `tests/setup/dom.ts` fails the test after it ends, naming each call and its arguments.
 */
const calls: string[] = [];

function describeArgs(args: unknown[]): string {
  return args
    .map((arg) => {
      if (typeof arg === 'function') return 'fn';
      try {
        // Enough to recognise what was asked (a provider, an id), not a page of JSON.
        const text = JSON.stringify(arg) ?? String(arg);
        return text.length > 120 ? `${text.slice(0, 117)}...` : text;
      } catch {
        return String(arg);
      }
    })
    .join(', ');
}

/** Records `name(args)` as unexpected and returns the error the caller throws or rejects with. */
export function recordUnexpected(name: string, args: unknown[]): Error {
  const call = `${name}(${describeArgs(args)})`;
  calls.push(call);
  return new Error(`unexpected service call: ${call}`);
}

/** A service method nobody expected: the call is recorded and the promise rejects. */
export function unexpectedAsync(name: string) {
  return (...args: unknown[]): Promise<never> => Promise.reject(recordUnexpected(name, args));
}

/** A synchronous service method nobody expected: the call is recorded and it throws. */
export function unexpectedSync(name: string) {
  return (...args: unknown[]): never => {
    throw recordUnexpected(name, args);
  };
}

/** The unexpected calls since the last check, cleared: the setup fails the test when any. */
export function takeUnexpectedCalls(): string[] {
  return calls.splice(0, calls.length);
}
