import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  IDLE_CHECK_MS,
  createIdleLock,
  type ActivityChannel,
  type IdleLockVault,
} from '../../../src/vault/idle-lock';

/** Tabs joined like BroadcastChannel joins them: a message reaches every other tab, not the sender. */
function channels(count: number): ActivityChannel[] {
  const listeners: ((event: MessageEvent) => void)[][] = [];
  return Array.from({ length: count }, (_, i) => {
    listeners[i] = [];
    return {
      postMessage: (data: unknown) =>
        listeners.forEach((ls, j) => j !== i && ls.forEach((l) => l({ data } as MessageEvent))),
      addEventListener: (_type: 'message', l: (event: MessageEvent) => void) =>
        listeners[i]!.push(l),
    };
  });
}

/** One vault shared by the tabs: Lock now in one locks all, as the real one's channel does. */
function sharedVault(minutes: number) {
  let state: 'none' | 'locked' | 'unlocked' = 'unlocked';
  const vault: IdleLockVault & { lockNow: ReturnType<typeof vi.fn> } = {
    state: async () => state,
    idleMinutes: async () => minutes,
    lockNow: vi.fn(() => {
      state = 'locked';
    }),
  };
  return { vault, unlock: () => (state = 'unlocked') };
}

const minutes = (m: number) => m * 60_000;

describe('the idle-time lock', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('locks once no tab has seen input for the chosen time, not before', async () => {
    const { vault } = sharedVault(5);
    const [one, two] = channels(2);
    const a = createIdleLock({ vault, channel: one });
    const b = createIdleLock({ vault, channel: two });
    await vi.advanceTimersByTimeAsync(minutes(4));
    // Input in tab b keeps both tabs open: a hears of it.
    b.input();
    await vi.advanceTimersByTimeAsync(minutes(4));
    expect(vault.lockNow).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(minutes(1) + IDLE_CHECK_MS);
    expect(vault.lockNow).toHaveBeenCalled();
    a.stop();
    b.stop();
  });

  it('input in this tab postpones it; Never never locks; a locked vault is left alone', async () => {
    const { vault } = sharedVault(15);
    const idle = createIdleLock({ vault });
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(minutes(10));
      idle.input();
    }
    expect(vault.lockNow).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(minutes(15) + IDLE_CHECK_MS);
    expect(vault.lockNow).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(minutes(60));
    expect(vault.lockNow).toHaveBeenCalledTimes(1);
    idle.stop();

    const never = sharedVault(0);
    const idleNever = createIdleLock({ vault: never.vault });
    await vi.advanceTimersByTimeAsync(minutes(24 * 60));
    expect(never.vault.lockNow).not.toHaveBeenCalled();
    idleNever.stop();
  });

  it('tells other tabs of input at most once a second', () => {
    const [one, two] = channels(2);
    const heard: unknown[] = [];
    two!.addEventListener('message', (e) => heard.push(e.data));
    const idle = createIdleLock({ vault: sharedVault(5).vault, channel: one });
    for (let i = 0; i < 50; i++) {
      idle.input();
      vi.advanceTimersByTime(100);
    }
    expect(heard).toHaveLength(5);
    idle.stop();
  });

  it('still locks when the timers were throttled or the machine slept past the time', async () => {
    let now = 0;
    const { vault } = sharedVault(5);
    const idle = createIdleLock({ vault, now: () => now });
    now = minutes(90);
    expect(await idle.check()).toBe(true);
    idle.stop();
  });
});
