import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import { createRequestHistory } from '../../../src/vault/request-history';
import { PBKDF2_ITERATIONS, type ChannelLike } from '../../../src/vault/vault-lock';
import { connection, rawKeyStore, tab as openTab } from './lock-fixtures';

const tab = (idb: IDBFactory, channel?: ChannelLike) => openTab(idb, { channel });

/** Two "tabs" share one IndexedDB and one channel, as BroadcastChannel joins a browser's tabs. */
function channelPair(): [ChannelLike, ChannelLike] {
  const make = (name: string) => new BroadcastChannel(name) as unknown as ChannelLike;
  const name = `vault-test-${Math.random()}`;
  return [make(name), make(name)];
}

describe('a vault locked with a passphrase', () => {
  it('keeps only the wrapped key, re-seals the connections, and deletes the old key', async () => {
    const idb = new IDBFactory();
    const { vault, connections } = tab(idb);
    await connections.save(connection);
    const before = await rawKeyStore(idb);
    expect(Object.values(before).some((v) => v instanceof CryptoKey)).toBe(true);

    await vault.setPassphrase('correct horse battery');
    expect(await vault.state()).toBe('unlocked');
    expect(await connections.get('a')).toEqual(connection);
    const after = await rawKeyStore(idb);
    expect(Object.keys(after)).toHaveLength(1);
    const [lock] = Object.values(after) as {
      kdf: string;
      iterations: number;
      salt: Uint8Array;
      wrapped: ArrayBuffer;
    }[];
    expect(lock).toMatchObject({ kdf: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS });
    expect(lock!.iterations).toBeGreaterThanOrEqual(600_000);
    expect(lock!.salt).toHaveLength(16);
    // The old databases (and the unlocked key in them) are gone as a whole.
    const names = (await idb.databases()).map((d) => d.name);
    expect(names).not.toContain('keyfob-keys');
    expect(names).not.toContain('keyfob-connections');
  });

  it('the API console history moves with the vault when a lock is set and removed, and locks with it', async () => {
    const idb = new IDBFactory();
    const { vault, connections } = tab(idb);
    const history = createRequestHistory(vault.store('keyfob-connections'), vault.cipher);
    const entry = {
      id: 'e1',
      method: 'GET',
      path: '/me',
      headers: '',
      body: '',
      status: 200,
      durationMs: 5,
      at: 9,
    };
    await connections.save(connection);
    await history.add('a', entry);
    await vault.setPassphrase('correct horse battery');
    expect(await history.list('a')).toEqual([entry]);
    vault.lockNow();
    await expect(history.list('a')).rejects.toMatchObject({ code: ErrorCode.LOCKED });
    await vault.unlock('correct horse battery');
    await vault.removeLock();
    expect(await history.list('a')).toEqual([entry]);
  });

  it('Lock now makes every read fail with LOCKED; a wrong passphrase is refused; the right one unlocks', async () => {
    const idb = new IDBFactory();
    const { vault, connections } = tab(idb);
    await connections.save(connection);
    await vault.setPassphrase('correct horse battery');
    vault.lockNow();
    expect(await vault.state()).toBe('locked');
    await expect(connections.get('a')).rejects.toMatchObject({ code: ErrorCode.LOCKED });
    await expect(connections.save(connection)).rejects.toMatchObject({ code: ErrorCode.LOCKED });
    await expect(vault.unlock('wrong horse battery')).rejects.toMatchObject({
      code: ErrorCode.LOCKED,
      message: expect.stringContaining('not the right one'),
    });
    expect(await vault.state()).toBe('locked');
    await vault.unlock('correct horse battery');
    expect(await connections.get('a')).toEqual(connection);
  });

  it('after a reload (a new tab on the same storage) it is locked until unlocked', async () => {
    const idb = new IDBFactory();
    const first = tab(idb);
    await first.connections.save(connection);
    await first.vault.setPassphrase('correct horse battery');
    const reloaded = tab(idb);
    expect(await reloaded.vault.state()).toBe('locked');
    await expect(reloaded.connections.list()).rejects.toMatchObject({ code: ErrorCode.LOCKED });
    await reloaded.vault.unlock('correct horse battery');
    expect(await reloaded.connections.list()).toEqual([connection]);
  });

  it('Remove lock goes back to a stored key, with the connections kept', async () => {
    const idb = new IDBFactory();
    const { vault, connections } = tab(idb);
    await connections.save(connection);
    await vault.setPassphrase('correct horse battery');
    vault.lockNow();
    await expect(vault.removeLock()).rejects.toMatchObject({ code: ErrorCode.LOCKED });
    await vault.unlock('correct horse battery');
    await vault.removeLock();
    expect(await vault.state()).toBe('none');
    expect(await tab(idb).connections.list()).toEqual([connection]);
    expect(Object.values(await rawKeyStore(idb)).every((v) => v instanceof CryptoKey)).toBe(true);
  });

  it('refuses a short passphrase', async () => {
    await expect(tab(new IDBFactory()).vault.setPassphrase('short')).rejects.toMatchObject({
      code: ErrorCode.CONFIG,
    });
  });

  it('locking and unlocking in one tab does the same in the other', async () => {
    const idb = new IDBFactory();
    const [one, two] = channelPair();
    const a = tab(idb, one);
    const b = tab(idb, two);
    await a.connections.save(connection);
    await a.vault.setPassphrase('correct horse battery');
    const changed = () => new Promise<void>((resolve) => b.vault.subscribe(() => resolve()));
    let next = changed();
    a.vault.lockNow();
    await next;
    expect(await b.vault.state()).toBe('locked');
    next = changed();
    await a.vault.unlock('correct horse battery');
    await next;
    expect(await b.vault.state()).toBe('unlocked');
    expect(await b.connections.get('a')).toEqual(connection);
    (one as unknown as BroadcastChannel).close();
    (two as unknown as BroadcastChannel).close();
  });
});

describe('DPoP key pairs in the vault', () => {
  it('are kept per connection, follow a lock to the new space, and fail LOCKED while locked', async () => {
    const idb = new IDBFactory();
    const { vault, connections } = tab(idb);
    await connections.save(connection);
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    await vault.dpopKeys.set('a', pair);
    const kept = await vault.dpopKeys.get('a');
    expect(kept?.privateKey.extractable).toBe(false);

    await vault.setPassphrase('correct horse battery');
    const moved = await vault.dpopKeys.get('a');
    expect(moved?.privateKey.type).toBe('private');
    const data = new TextEncoder().encode('proof');
    const signature = await crypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      moved!.privateKey,
      data,
    );
    // The same key pair: what the old public key verifies was signed by the moved private key.
    expect(
      await crypto.subtle.verify(
        { name: 'ECDSA', hash: 'SHA-256' },
        pair.publicKey,
        signature,
        data,
      ),
    ).toBe(true);

    vault.lockNow();
    await expect(vault.dpopKeys.get('a')).rejects.toMatchObject({ code: ErrorCode.LOCKED });
    await vault.unlock('correct horse battery');
    await vault.dpopKeys.remove('a');
    expect(await vault.dpopKeys.get('a')).toBeUndefined();
  });
});
