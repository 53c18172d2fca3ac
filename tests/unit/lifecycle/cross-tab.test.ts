import { describe, expect, it, vi } from 'vitest';
import {
  createLifecycleEvents,
  type BroadcastChannelLike,
} from '../../../src/oauth/lifecycle-events';
import { createStorageHealth, trackConnections } from '../../../src/vault/storage-health';
import { createMemoryStore } from '../../../src/vault/store';
import { browser, storedConnection } from './harness';

/** Two BroadcastChannels of one origin: a message posted on one reaches the other, not itself. */
function linkedChannels(): [BroadcastChannelLike, BroadcastChannelLike] {
  const make = () => {
    const listeners = new Set<(event: MessageEvent) => void>();
    return {
      listeners,
      peer: undefined as unknown as { listeners: Set<(event: MessageEvent) => void> },
      postMessage(message: unknown) {
        for (const l of this.peer.listeners)
          l(new MessageEvent('message', { data: structuredClone(message) }));
      },
      addEventListener: (_: 'message', l: (event: MessageEvent) => void) => void listeners.add(l),
      removeEventListener: (_: 'message', l: (event: MessageEvent) => void) =>
        void listeners.delete(l),
    };
  };
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

describe('cross-tab news', () => {
  it('a save or remove in one tab reaches its own listeners and the other tab, ids only', async () => {
    const [channelA, channelB] = linkedChannels();
    const tabA = createLifecycleEvents(channelA);
    const tabB = createLifecycleEvents(channelB);
    const heardA = vi.fn();
    const heardB = vi.fn();
    tabA.subscribe(heardA);
    tabB.subscribe(heardB);
    const b = await browser();
    const tracked = trackConnections(b.connections, createMemoryStore(), (change) =>
      tabA.publish(change),
    );
    await tracked.save(storedConnection());
    await tracked.remove('conn-1');
    const expected = [
      [{ type: 'saved', connectionId: 'conn-1' }],
      [{ type: 'removed', connectionId: 'conn-1' }],
    ];
    expect(heardA.mock.calls).toEqual(expected);
    expect(heardB.mock.calls).toEqual(expected);
  });
});

describe('storage health', () => {
  it('asks for persistent storage once and reports the answer', async () => {
    const b = await browser();
    const storage = { persisted: vi.fn(async () => false), persist: vi.fn(async () => true) };
    const health = createStorageHealth({
      storage,
      connections: b.connections,
      state: createMemoryStore(),
    });
    expect(await health.check()).toEqual({ persistence: 'granted', lostConnections: 0 });
    await health.check();
    expect(storage.persist).toHaveBeenCalledTimes(1);
    const none = createStorageHealth({ connections: b.connections, state: createMemoryStore() });
    expect((await none.check()).persistence).toBe('unsupported');
  });

  it('notices connections that vanished without a disconnect, until acknowledged', async () => {
    const b = await browser();
    const state = createMemoryStore();
    const tracked = trackConnections(b.connections, state);
    await tracked.save(storedConnection({ id: 'a' }));
    await tracked.save(storedConnection({ id: 'b' }));
    await tracked.remove('b');
    const health = createStorageHealth({ connections: b.connections, state });
    expect((await health.check()).lostConnections).toBe(0);
    b.data.data.clear(); // the browser cleared the connections database
    expect((await health.check()).lostConnections).toBe(1);
    await health.acknowledgeLoss();
    expect((await health.check()).lostConnections).toBe(0);
  });
});
