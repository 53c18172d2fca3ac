import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Lifecycle } from '../../src/oauth/lifecycle';
import { markedFor } from '../../src/oauth/binding';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import { refreshDueAt } from '../../src/oauth/refresh-due';
import type { Connection } from '../../src/oauth/types';
import { memoryLifecycle } from './lifecycle-stubs';
import { memoryConnections, renderApp, sandboxConnection } from './render-app';

/**
 * The status block and the page's own refresh timer, on a fake clock: fake setTimeout and Date,
 * advanced by hand, so "before expiry" is exact and nothing sleeps.
 */
const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const LIFETIME = 120_000;

/** A token obtained at T0 living 2 minutes: due for refresh at T0 + 90 s (30 s early). */
function shortLived(overrides: Partial<Connection> = {}): Connection {
  return sandboxConnection({
    obtainedAt: T0,
    updatedAt: T0,
    expiresAt: T0 + LIFETIME,
    credential: { kind: 'oauth', accessToken: 'at-1', tokenType: 'bearer', refreshToken: 'rt-1' },
    ...overrides,
  });
}

/** A lifecycle over the page's memory store whose refreshes renew for 2 minutes and announce it. */
function renewingLifecycle(store: ReturnType<typeof memoryConnections>) {
  const listeners = new Set<() => void>();
  const save = async (c: Connection) => {
    await store.save(c);
    for (const listener of listeners) listener();
    return c;
  };
  const renew = (c: Connection): Connection => {
    const at = Date.now();
    return { ...c, obtainedAt: at, refreshedAt: at, updatedAt: at, expiresAt: at + LIFETIME };
  };
  const lifecycle: Lifecycle = {
    ...memoryLifecycle(() => store),
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    refreshIfDue: vi.fn(async (id: string) => {
      const c = (await store.get(id))!;
      return refreshDueAt(c)! <= Date.now() ? save(renew(c)) : c;
    }),
    refreshNow: vi.fn(async (id: string) => save(renew((await store.get(id))!))),
  };
  return { lifecycle, save };
}

/**
 * Moves the fake clock on, running the timers and promises it reaches. A second at a time, each
 * in its own act, so that React commits (and the page re-arms its timers) as it would in a tab.
 */
async function advance(ms: number) {
  for (let left = ms; left > 0 || left === ms; left -= 1_000) {
    await act(() => vi.advanceTimersByTimeAsync(Math.min(1_000, left)));
    if (left <= 0) break;
  }
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  act(() => void document.dispatchEvent(new Event('visibilitychange')));
}

const statusBlock = (root: HTMLElement = document.body) =>
  root.querySelector<HTMLElement>('.connection-status')!;

beforeEach(() => {
  vi.useFakeTimers({
    now: T0,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  setVisibility('visible');
});

describe('the page renews the token before it expires', () => {
  it('fires at the due time, not before, shows the new expiry and re-arms', async () => {
    const store = memoryConnections([shortLived()]);
    const { lifecycle } = renewingLifecycle(store);
    renderApp('/connections/c1', { connections: store, lifecycle });
    await advance(0);
    expect(screen.getByText('Connected', { exact: true })).toBeInTheDocument();
    const meter = screen.getByRole('meter', { name: 'Token lifetime' });
    expect(meter).toHaveAttribute('aria-valuetext', 'expires in 2 min');

    await advance(89_000);
    expect(lifecycle.refreshIfDue).not.toHaveBeenCalled();
    expect(meter).toHaveAttribute('aria-valuetext', 'expires in 31 s');
    await advance(1_500);
    expect(lifecycle.refreshIfDue).toHaveBeenCalledTimes(1);
    expect(lifecycle.refreshIfDue).toHaveBeenCalledWith('c1');
    // Renewed at T0 + 90 s: two minutes from then, the bar full again, and it says so.
    const renewed = screen.getByRole('meter', { name: 'Token lifetime' });
    expect(renewed).toHaveAttribute('aria-valuetext', 'expires in 2 min');
    expect(Number(renewed.getAttribute('value'))).toBeGreaterThan(0.99);
    expect(statusBlock()).toHaveTextContent(/Last refreshed/);

    // The next renewal, 90 s after the first: the timer re-armed on the new expiry.
    await advance(88_000);
    expect(lifecycle.refreshIfDue).toHaveBeenCalledTimes(1);
    await advance(2_000);
    expect(lifecycle.refreshIfDue).toHaveBeenCalledTimes(2);
    expect(screen.queryByText(/expired/)).toBeNull();
  });

  it('does nothing while the page is hidden, says "Renews on next use", and renews once visible', async () => {
    const store = memoryConnections([shortLived()]);
    const { lifecycle } = renewingLifecycle(store);
    renderApp('/connections/c1', { connections: store, lifecycle });
    await advance(0);
    setVisibility('hidden');
    await advance(LIFETIME + 5_000);
    expect(lifecycle.refreshIfDue).not.toHaveBeenCalled();
    expect(statusBlock()).toHaveTextContent('Connected');
    expect(statusBlock()).toHaveTextContent(/Renews on next use/);
    expect(statusBlock()).toHaveTextContent('expired 5 s ago');
    expect(screen.queryByRole('button', { name: 'Expired: reconnect' })).toBeNull();

    setVisibility('visible');
    await advance(0);
    expect(lifecycle.refreshIfDue).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('meter', { name: 'Token lifetime' })).toHaveAttribute(
      'aria-valuetext',
      'expires in 2 min',
    );
  });

  it('does nothing offline, and leaves no timer behind once the page is gone', async () => {
    const store = memoryConnections([shortLived()]);
    const { lifecycle } = renewingLifecycle(store);
    const { unmount } = renderApp('/connections/c1', { connections: store, lifecycle });
    await advance(0);
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    act(() => void window.dispatchEvent(new Event('offline')));
    await advance(100_000);
    expect(lifecycle.refreshIfDue).not.toHaveBeenCalled();
    onLine.mockRestore();
    act(() => void window.dispatchEvent(new Event('online')));
    await advance(0);
    expect(lifecycle.refreshIfDue).toHaveBeenCalledTimes(1);

    unmount();
    expect(vi.getTimerCount()).toBe(0);
    await advance(10 * LIFETIME);
    expect(lifecycle.refreshIfDue).toHaveBeenCalledTimes(1);
  });

  it('a failed try says so with its code, keeps "Connected" while the token works, and retries', async () => {
    const store = memoryConnections([shortLived()]);
    const { lifecycle } = renewingLifecycle(store);
    const renew = lifecycle.refreshIfDue;
    lifecycle.refreshIfDue = vi.fn(() =>
      Promise.reject(new KeyfobError(ErrorCode.UNREACHABLE, 'The token endpoint did not answer.')),
    );
    renderApp('/connections/c1', { connections: store, lifecycle });
    await advance(91_000);
    expect(lifecycle.refreshIfDue).toHaveBeenCalledTimes(1);
    expect(statusBlock()).toHaveTextContent('Connected');
    expect(statusBlock()).toHaveTextContent(
      'UNREACHABLE The last refresh failed: The token endpoint did not answer.',
    );
    lifecycle.refreshIfDue = renew;
    await advance(15_000);
    expect(renew).toHaveBeenCalledTimes(1);
    expect(statusBlock()).not.toHaveTextContent('failed');
  });
});

describe('Refresh now', () => {
  it('renews at once: the new expiry and a full lifetime bar', async () => {
    const store = memoryConnections([shortLived()]);
    const { lifecycle } = renewingLifecycle(store);
    renderApp('/connections/c1', { connections: store, lifecycle });
    await advance(60_000);
    const meter = screen.getByRole('meter', { name: 'Token lifetime' });
    expect(meter).toHaveAttribute('aria-valuetext', 'expires in 60 s');
    expect(Number(meter.getAttribute('value'))).toBeCloseTo(0.5);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await advance(0);
    expect(lifecycle.refreshNow).toHaveBeenCalledWith('c1');
    const renewed = screen.getByRole('meter', { name: 'Token lifetime' });
    expect(renewed).toHaveAttribute('aria-valuetext', 'expires in 2 min');
    expect(Number(renewed.getAttribute('value'))).toBe(1);
    expect(
      screen.getByText(`Expires at ${new Date(T0 + 60_000 + LIFETIME).toLocaleString()}`),
    ).toBeInTheDocument();
  });

  it('a refused refresh shows the code and the needs-reconnect state, with the reconnect', async () => {
    const store = memoryConnections([shortLived()]);
    const { lifecycle, save } = renewingLifecycle(store);
    lifecycle.refreshNow = vi.fn(async (id: string) => {
      const failure = new KeyfobError(
        ErrorCode.NEEDS_RECONNECT,
        'Sandbox no longer accepts the refresh token (invalid_grant): it was revoked, expired or replaced. Connect again.',
      );
      await save(markedFor((await store.get(id))!, failure));
      throw failure;
    });
    renderApp('/connections/c1', { connections: store, lifecycle });
    await advance(0);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh now' }));
    await advance(0);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      'NEEDS_RECONNECT Needs reconnect: Sandbox no longer accepts the refresh token (invalid_grant)',
    );
    expect(screen.queryByText('Connected', { exact: true })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Refresh now' })).toBeNull();
    // Refused, not run out: the button does not say "Expired".
    expect(screen.getByRole('button', { name: 'Reconnect' })).toBeInTheDocument();
  });

  it('is offered only where there is a refresh token', async () => {
    const store = memoryConnections([
      shortLived({
        hasRefreshToken: false,
        credential: { kind: 'oauth', accessToken: 'at-1', tokenType: 'bearer' },
      }),
    ]);
    renderApp('/connections/c1', { connections: store });
    await advance(0);
    expect(screen.getByText('Connected', { exact: true })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Refresh now' })).toBeNull();
  });
});

describe('the same status on the list and the page', () => {
  for (const [name, connection] of [
    ['connected', shortLived()],
    ['renews on next use', shortLived({ expiresAt: T0 - 30_000, obtainedAt: T0 - LIFETIME })],
    [
      'needs reconnect',
      shortLived({
        status: 'needs-reconnect',
        statusCode: 'REFRESH_ANSWER_LOST',
        statusReason: 'An answer was lost.',
      }),
    ],
    [
      'unreadable',
      shortLived({ credential: undefined, status: 'needs-reconnect', statusReason: 'Damaged.' }),
    ],
  ] as const) {
    it(name, async () => {
      // Hidden, so that no timer renews the token between the two renders.
      setVisibility('hidden');
      renderApp('/', { connections: memoryConnections([connection]) });
      await advance(0);
      const row = screen.getByRole('listitem', { name: 'Sandbox' });
      const onList = statusBlock(row).textContent;
      cleanup();
      renderApp('/connections/c1', { connections: memoryConnections([connection]) });
      await advance(0);
      const block = statusBlock();
      // The page adds only its Refresh now button.
      const onPage = [...block.childNodes]
        .filter((n) => !(n instanceof HTMLButtonElement))
        .map((n) => n.textContent)
        .join('');
      expect(onPage).toBe(onList);
      expect(within(block).queryAllByText(/Connected/).length).toBeLessThanOrEqual(1);
    });
  }
});
