import { createActivityLog } from './activity-log';
import type { Cipher } from './cipher';
import { createConnectionStore } from './connections';
import { moveHistories } from './request-history';
import type { KeyValueStore } from './store';

/** Each connection's DPoP key pair (RFC 9449), stored as CryptoKey objects next to the vault key. */
export const DPOP_PREFIX = 'dpop-key:';

/** One vault space as seen through its key: its databases and the cipher that opens them. */
export interface VaultContents {
  store(db: 'keyfob-connections' | 'keyfob-activity' | 'keyfob-keys'): KeyValueStore;
  cipher: Cipher;
}

/**
 * Copies every readable connection, with its Activity, DPoP key pair and request history, from
 * one space into another, re-sealed under the other's cipher. Sign-ins in progress are not
 * carried over: they were sealed under the old key.
 */
export async function copyVaultContents(from: VaultContents, to: VaultContents): Promise<void> {
  const fromConnections = createConnectionStore(from.store('keyfob-connections'), from.cipher);
  const toConnections = createConnectionStore(to.store('keyfob-connections'), to.cipher);
  const always = async () => true;
  const fromLog = createActivityLog(from.store('keyfob-activity'), from.cipher, always);
  const toLog = createActivityLog(to.store('keyfob-activity'), to.cipher, always);
  const fromKeys = from.store('keyfob-keys');
  const toKeys = to.store('keyfob-keys');
  for (const connection of await fromConnections.list()) {
    if (connection.credential) await toConnections.save(connection);
    // Its Activity moves with it, re-sealed under the new key (list is newest first).
    const entries = await fromLog.list(connection.id).catch(() => []);
    if (entries.length > 0) await toLog.append(connection.id, entries.reverse());
    const pair = await fromKeys.get<CryptoKeyPair>(DPOP_PREFIX + connection.id);
    if (pair) await toKeys.set(DPOP_PREFIX + connection.id, pair);
  }
  await moveHistories(
    { store: from.store('keyfob-connections'), cipher: from.cipher },
    { store: to.store('keyfob-connections'), cipher: to.cipher },
  );
}
