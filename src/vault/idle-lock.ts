/** "Lock after" choices, in minutes without input in any Keyfob tab; 0 is Never. */
export const IDLE_CHOICES = [0, 5, 15, 60] as const;
/** How often each tab looks at the clock: the lock comes at most this late. */
export const IDLE_CHECK_MS = 15_000;
/** Input is told to the other tabs at most this often (a moving mouse sends many events). */
const SHARE_EVERY_MS = 1_000;

/** The part of the vault the idle lock uses (no import of vault-lock: it imports this file). */
export interface IdleLockVault {
  state(): Promise<'none' | 'locked' | 'unlocked'>;
  idleMinutes(): Promise<number>;
  lockNow(): void;
}

export interface ActivityChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * Locks the vault, in every tab (Lock now tells them), once no tab has seen input for the chosen
 * time. Each tab keeps when input was last seen here or in another tab (told over the channel,
 * stamped with the receiving tab's own clock) and checks every IDLE_CHECK_MS. Checking the clock,
 * rather than arming one long timer, keeps it right after the machine slept or the browser
 * throttled a background tab's timers.
 */
export function createIdleLock(deps: {
  vault: IdleLockVault;
  channel?: ActivityChannel;
  now?: () => number;
}) {
  const now = deps.now ?? (() => Date.now());
  // Opening or reloading a tab counts as input: a fresh tab does not lock at once.
  let lastInput = now();
  let lastShared = Number.NEGATIVE_INFINITY;
  deps.channel?.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
    if (event.data?.type === 'input') lastInput = Math.max(lastInput, now());
  });

  async function check(): Promise<boolean> {
    const minutes = await deps.vault.idleMinutes();
    if (!minutes || now() - lastInput < minutes * 60_000) return false;
    if ((await deps.vault.state()) !== 'unlocked') return false;
    deps.vault.lockNow();
    return true;
  }

  const timer = setInterval(() => void check().catch(() => undefined), IDLE_CHECK_MS);
  return {
    /** The person did something in this tab (a key, a click, a scroll, the pointer moving). */
    input(): void {
      lastInput = now();
      if (lastInput - lastShared < SHARE_EVERY_MS) return;
      lastShared = lastInput;
      deps.channel?.postMessage({ type: 'input' });
    },
    /** Locks now if the idle time has passed; true when it locked. */
    check,
    stop: () => clearInterval(timer),
  };
}

export type IdleLock = ReturnType<typeof createIdleLock>;
