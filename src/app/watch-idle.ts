import { createIdleLock, type IdleLockVault } from '../vault/idle-lock';

/** What counts as the person being there: any key, click, touch, scroll or pointer movement. */
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'];

/** The idle-time lock of Settings' "Lock after", fed by this tab's input and every other tab's. */
export function watchIdle(vault: IdleLockVault, now: () => number): void {
  const channel =
    typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('keyfob-input');
  const idle = createIdleLock({ vault, channel, now });
  for (const type of INPUT_EVENTS) {
    window.addEventListener(type, () => idle.input(), { capture: true, passive: true });
  }
}
