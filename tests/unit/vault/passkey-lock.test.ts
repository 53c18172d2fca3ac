import { IDBFactory } from 'fake-indexeddb';
import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import { derivePrfWrappingKey, unwrapVaultKey } from '../../../src/vault/key-wrapping';
import type { PasskeyAuthenticator } from '../../../src/vault/passkey';
import { connection, rawKeyStore, tab as openTab } from './lock-fixtures';

const PRF = new Uint8Array(32).fill(7).buffer;
const OTHER_PRF = new Uint8Array(32).fill(8).buffer;

/** An authenticator that answers every PRF request with a fixed output, and counts its ceremonies. */
function fakeAuthenticator(
  options: { output?: ArrayBuffer; atCreate?: boolean; fail?: string } = {},
) {
  const calls = { create: 0, evaluate: [] as { credentialId: ArrayBuffer; salt: Uint8Array }[] };
  const authenticator: PasskeyAuthenticator & { calls: typeof calls; fail?: string } = {
    calls,
    fail: options.fail,
    support: async () => ({ supported: true }),
    async create() {
      calls.create++;
      if (authenticator.fail) throw new DOMException('cancelled', authenticator.fail);
      return {
        credentialId: new Uint8Array([1, 2, 3]).buffer,
        prfOutput: options.atCreate === false ? undefined : options.output,
      };
    },
    async evaluate(credentialId, salt) {
      calls.evaluate.push({ credentialId, salt });
      if (authenticator.fail) throw new DOMException('cancelled', authenticator.fail);
      return options.output;
    },
  };
  return authenticator;
}

const tab = (idb: IDBFactory, passkeys: PasskeyAuthenticator) => openTab(idb, { passkeys });
const keyRecords = async (idb: IDBFactory) => Object.values(await rawKeyStore(idb));

describe('the PRF wrapping key', () => {
  it('is HKDF-SHA-256 of the PRF output (zero salt, Keyfob info): the same output unwraps, another does not', async () => {
    const idb = new IDBFactory();
    const { vault, connections } = tab(idb, fakeAuthenticator({ output: PRF }));
    await connections.save(connection);
    await vault.setPasskey();
    const [record] = (await keyRecords(idb)) as {
      iv: Uint8Array<ArrayBuffer>;
      wrapped: ArrayBuffer;
    }[];
    // Derived again outside Keyfob, from the written-down recipe: the key unwraps the record.
    const raw = hkdfSync(
      'sha256',
      new Uint8Array(PRF),
      new Uint8Array(32),
      'Keyfob vault key wrapping (WebAuthn PRF) v1',
      32,
    );
    const independent = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['unwrapKey']);
    expect((await unwrapVaultKey(independent, record!)).algorithm).toMatchObject({
      name: 'AES-GCM',
    });
    expect((await unwrapVaultKey(await derivePrfWrappingKey(PRF), record!)).type).toBe('secret');
    await expect(unwrapVaultKey(await derivePrfWrappingKey(OTHER_PRF), record!)).rejects.toThrow();
  });
});

describe('a vault locked with a passkey', () => {
  it('keeps only the credential id, the salt and the wrapped key, and re-seals the connections', async () => {
    const idb = new IDBFactory();
    const passkeys = fakeAuthenticator({ output: PRF });
    const { vault, connections } = tab(idb, passkeys);
    await connections.save(connection);
    await vault.setPasskey();
    expect(passkeys.calls.create).toBe(1);
    // The PRF output came with the credential: no second ceremony.
    expect(passkeys.calls.evaluate).toHaveLength(0);
    expect(await vault.state()).toBe('unlocked');
    expect(await vault.lockMethod()).toBe('passkey');
    expect(await connections.get('a')).toEqual(connection);
    const records = await keyRecords(idb);
    expect(records).toHaveLength(1);
    const [record] = records as Record<string, unknown>[];
    expect(Object.keys(record!).sort()).toEqual([
      'credentialId',
      'iv',
      'kdf',
      'salt',
      'v',
      'wrapped',
    ]);
    expect(record).toMatchObject({ kdf: 'WebAuthn-PRF/HKDF-SHA-256' });
    expect(record!.salt).toHaveLength(32);
    expect(new Uint8Array(record!.credentialId as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(records.some((r) => r instanceof CryptoKey)).toBe(false);
    const names = (await idb.databases()).map((d) => d.name);
    expect(names).not.toContain('keyfob-keys');
  });

  it('asks with an immediate assertion when the authenticator gives no PRF output at creation', async () => {
    const passkeys = fakeAuthenticator({ output: PRF, atCreate: false });
    const { vault } = tab(new IDBFactory(), passkeys);
    await vault.setPasskey();
    expect(passkeys.calls.evaluate).toHaveLength(1);
    expect(passkeys.calls.evaluate[0]!.salt).toHaveLength(32);
    expect(await vault.state()).toBe('unlocked');
  });

  it('after a reload unlocks with the passkey; a wrong PRF output or a cancelled ceremony keeps it locked', async () => {
    const idb = new IDBFactory();
    const first = tab(idb, fakeAuthenticator({ output: PRF }));
    await first.connections.save(connection);
    await first.vault.setPasskey();

    const wrong = tab(idb, fakeAuthenticator({ output: OTHER_PRF }));
    expect(await wrong.vault.state()).toBe('locked');
    await expect(wrong.connections.get('a')).rejects.toMatchObject({
      code: ErrorCode.LOCKED,
      message: expect.stringContaining('Unlock it with your passkey'),
    });
    await expect(wrong.vault.unlockWithPasskey()).rejects.toMatchObject({
      code: ErrorCode.LOCKED,
      message: 'That passkey does not unlock this vault.',
    });
    expect(await wrong.vault.state()).toBe('locked');

    const cancelled = tab(idb, fakeAuthenticator({ output: PRF, fail: 'NotAllowedError' }));
    await expect(cancelled.vault.unlockWithPasskey()).rejects.toMatchObject({
      code: ErrorCode.PASSKEY_FAILED,
      message: expect.stringMatching(/cancelled.*Keyfob stays locked\.$/),
    });
    expect(await cancelled.vault.state()).toBe('locked');

    const noPrf = tab(idb, fakeAuthenticator({}));
    await expect(noPrf.vault.unlockWithPasskey()).rejects.toMatchObject({
      code: ErrorCode.PASSKEY_FAILED,
    });

    const passkeys = fakeAuthenticator({ output: PRF });
    const right = tab(idb, passkeys);
    await expect(right.vault.unlock('a passphrase guess')).rejects.toMatchObject({
      code: ErrorCode.LOCKED,
    });
    await right.vault.unlockWithPasskey();
    // The assertion asked the lock's own credential for the PRF over the lock's own salt.
    const [asked] = passkeys.calls.evaluate;
    expect(new Uint8Array(asked!.credentialId)).toEqual(new Uint8Array([1, 2, 3]));
    expect(asked!.salt).toHaveLength(32);
    expect(await right.connections.get('a')).toEqual(connection);
  });

  it('a cancelled creation, or one without PRF, changes nothing', async () => {
    const idb = new IDBFactory();
    const cancelled = tab(idb, fakeAuthenticator({ output: PRF, fail: 'NotAllowedError' }));
    await cancelled.connections.save(connection);
    await expect(cancelled.vault.setPasskey()).rejects.toMatchObject({
      code: ErrorCode.PASSKEY_FAILED,
      message: expect.stringContaining('Keyfob is not locked.'),
    });
    const noPrf = tab(idb, fakeAuthenticator({}));
    await expect(noPrf.vault.setPasskey()).rejects.toMatchObject({
      code: ErrorCode.PASSKEY_FAILED,
      message: expect.stringContaining('PRF'),
    });
    expect(await noPrf.vault.state()).toBe('none');
    expect(await noPrf.connections.get('a')).toEqual(connection);
  });

  it('Lock now, then Remove lock after unlocking; the idle setting lives and goes with the lock', async () => {
    const idb = new IDBFactory();
    const { vault, connections } = tab(idb, fakeAuthenticator({ output: PRF }));
    await connections.save(connection);
    await expect(vault.setIdleMinutes(5)).rejects.toMatchObject({ code: ErrorCode.CONFIG });
    await vault.setPasskey();
    expect(await vault.idleMinutes()).toBe(0);
    await vault.setIdleMinutes(15);
    await expect(vault.setIdleMinutes(7)).rejects.toMatchObject({ code: ErrorCode.CONFIG });
    expect(await tab(idb, fakeAuthenticator()).vault.idleMinutes()).toBe(15);
    vault.lockNow();
    await expect(vault.removeLock()).rejects.toMatchObject({ code: ErrorCode.LOCKED });
    await vault.unlockWithPasskey();
    await vault.removeLock();
    expect(await vault.state()).toBe('none');
    expect(await vault.idleMinutes()).toBe(0);
    expect(await tab(idb, fakeAuthenticator()).connections.list()).toEqual([connection]);
  });
});
