import type { Cipher, Sealed } from './cipher';
import type { KeyValueStore } from './store';

/** How many requests each connection keeps: the newest. */
export const HISTORY_LIMIT = 20;

/**
 * One API console request as the person wrote it, and how it went. Only what they typed is kept:
 * the headers were refused before sending if they carried a credential, and nothing Keyfob adds
 * (the token, a DPoP proof, the provider's headers) is in it.
 */
export interface HistoryEntry {
  id: string;
  method: string;
  path: string;
  headers: string;
  body: string;
  /** The HTTP status, when an answer came. */
  status?: number;
  /** The error code, when the call failed without an answer (or with an error status). */
  errorCode?: string;
  durationMs: number;
  /** When it was sent (ms since the epoch). */
  at: number;
}

interface HistoryRecord {
  v: 1;
  sealed: Sealed;
}

const PREFIX = 'history:';
/** Where a connection's history sits, beside the connection in the same database. */
export const historyKey = (connectionId: string) => `${PREFIX}${connectionId}`;

export interface RequestHistory {
  /** Newest first; empty when there is none. A record that no longer opens fails (STORAGE, LOCKED). */
  list(connectionId: string): Promise<HistoryEntry[]>;
  add(connectionId: string, entry: HistoryEntry): Promise<HistoryEntry[]>;
  clear(connectionId: string): Promise<void>;
}

/**
 * Each connection's recent API console requests, sealed with the vault cipher as one record (so a
 * locked vault reads nothing, LOCKED, as for connections). Removing the connection removes it
 * (ConnectionStore.remove). Two tabs adding at the same moment can lose one entry: a history, not
 * a credential, so no lock is taken.
 */
export function createRequestHistory(store: KeyValueStore, cipher: Cipher): RequestHistory {
  async function read(connectionId: string): Promise<HistoryEntry[]> {
    const record = await store.get<HistoryRecord>(historyKey(connectionId));
    if (record?.v !== 1) return [];
    const entries = await cipher.open(record.sealed);
    return Array.isArray(entries) ? (entries as HistoryEntry[]) : [];
  }
  return {
    list: read,
    async add(connectionId, entry) {
      const entries = [entry, ...(await read(connectionId))].slice(0, HISTORY_LIMIT);
      const record: HistoryRecord = { v: 1, sealed: await cipher.seal(entries) };
      await store.set(historyKey(connectionId), record);
      return entries;
    },
    clear: (connectionId) => store.remove(historyKey(connectionId)),
  };
}

/**
 * Re-seals every history from one vault space to the next (setting or removing a lock), as the
 * connections are; one that no longer opens is left behind.
 */
export async function moveHistories(
  from: { store: KeyValueStore; cipher: Cipher },
  to: { store: KeyValueStore; cipher: Cipher },
): Promise<void> {
  for (const key of await from.store.keys()) {
    if (!key.startsWith(PREFIX)) continue;
    const record = await from.store.get<HistoryRecord>(key);
    if (record?.v !== 1) continue;
    const entries = await from.cipher.open(record.sealed).catch(() => undefined);
    if (entries === undefined) continue;
    await to.store.set(key, {
      v: 1,
      sealed: await to.cipher.seal(entries),
    } satisfies HistoryRecord);
  }
}
