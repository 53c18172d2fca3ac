/** What one tab tells the others (and itself) about a connection's stored state. */
export type LifecycleMessage =
  { type: 'saved'; connectionId: string } | { type: 'removed'; connectionId: string };

/** The part of BroadcastChannel in use, injected so tests can link two fake tabs. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface LifecycleEvents {
  publish(message: LifecycleMessage): void;
  /** Called for messages from this tab and from every other tab; returns the unsubscribe. */
  subscribe(listener: (message: LifecycleMessage) => void): () => void;
}

function isMessage(value: unknown): value is LifecycleMessage {
  const m = value as Partial<LifecycleMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    (m.type === 'saved' || m.type === 'removed') &&
    typeof m.connectionId === 'string'
  );
}

/**
 * Tells every open tab at once that tokens were refreshed, a connection was added or reconnected,
 * or it was disconnected. BroadcastChannel does not echo to the sender, so listeners in this tab
 * are called directly. Only ids travel: never a token.
 * @see https://html.spec.whatwg.org/multipage/web-messaging.html#broadcasting-to-other-browsing-contexts
 */
export function createLifecycleEvents(channel?: BroadcastChannelLike): LifecycleEvents {
  const listeners = new Set<(message: LifecycleMessage) => void>();
  const deliver = (message: LifecycleMessage) => {
    for (const listener of [...listeners]) listener(message);
  };
  channel?.addEventListener('message', (event) => {
    if (isMessage(event.data)) deliver(event.data);
  });
  return {
    publish(message) {
      channel?.postMessage(message);
      deliver(message);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
