import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import type { Connection } from '../../../src/oauth/types';
import {
  VAULT_KEY_ID,
  createCipher,
  createVaultCipher,
  loadVaultKey,
  vaultKeyProblem,
} from '../../../src/vault/cipher';
import { createConnectionStore } from '../../../src/vault/connections';
import { LOCAL_DATABASES, resetLocalData } from '../../../src/vault/local-data';
import { createIndexedDbStore, createMemoryStore } from '../../../src/vault/store';

const aesGcm = (usages: KeyUsage[]) =>
  crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, usages);

/** What a damaged key store can hold: none of these can seal or open the vault. */
async function damagedKeys(): Promise<[string, unknown][]> {
  return [
    ['a string', 'not a key'],
    ['a plain object', { type: 'secret', algorithm: { name: 'AES-GCM', length: 256 } }],
    [
      'an HMAC key',
      await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
    ],
    [
      'an AES-CBC key',
      await crypto.subtle.generateKey({ name: 'AES-CBC', length: 256 }, false, [
        'encrypt',
        'decrypt',
      ]),
    ],
    [
      'a 128-bit AES-GCM key',
      await crypto.subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, [
        'encrypt',
        'decrypt',
      ]),
    ],
    ['an encrypt-only key', await aesGcm(['encrypt'])],
    ['a decrypt-only key', await aesGcm(['decrypt'])],
  ];
}

const connection: Connection = {
  id: 'a',
  providerId: 'sandbox',
  providerName: 'Sandbox',
  authMethod: 'oauth',
  createdAt: 1,
  updatedAt: 1,
  obtainedAt: 1,
  grantedScopes: ['openid'],
  hasRefreshToken: false,
  status: 'connected',
  identity: { displayName: 'Ada Lovelace', email: 'ada@example.test', details: { org: 'org-7' } },
  idTokenClaims: { sub: 'subject-ada', email: 'ada@example.test' },
  grant: { accounts: [{ name: 'Analytical Engines' }] },
  credential: { kind: 'oauth', accessToken: 'access-a', tokenType: 'bearer' },
};

describe('the vault key', () => {
  it('accepts only an AES-GCM 256 key that may encrypt and decrypt', async () => {
    expect(vaultKeyProblem(await aesGcm(['encrypt', 'decrypt']))).toBeUndefined();
    for (const [what, value] of await damagedKeys()) {
      expect(vaultKeyProblem(value), what).toMatch(/damaged/);
    }
  });

  it('refuses a damaged stored key with STORAGE, and never replaces it silently', async () => {
    for (const [what, value] of await damagedKeys()) {
      const keys = createMemoryStore();
      keys.data.set(VAULT_KEY_ID, value);
      await expect(loadVaultKey(keys), what).rejects.toMatchObject({
        code: ErrorCode.STORAGE,
        message: expect.stringContaining('Reset local data'),
      });
      // Replacing it would orphan every sealed record without saying why.
      expect(keys.data.get(VAULT_KEY_ID), what).toBe(value);
    }
  });

  it('a store that fails is a STORAGE error, not a provider error', async () => {
    const keys = {
      ...createMemoryStore(),
      get: () => Promise.reject(new DOMException('quota', 'UnknownError')),
    };
    await expect(loadVaultKey(keys)).rejects.toMatchObject({ code: ErrorCode.STORAGE });
  });

  it('the app cipher fails every seal and open with STORAGE while the key is damaged', async () => {
    const keys = createMemoryStore();
    keys.data.set(VAULT_KEY_ID, 'not a key');
    const cipher = createVaultCipher(keys);
    await expect(cipher.seal({ x: 1 })).rejects.toMatchObject({ code: ErrorCode.STORAGE });
    const store = createConnectionStore(createMemoryStore(), cipher);
    await expect(store.save(connection)).rejects.toMatchObject({ code: ErrorCode.STORAGE });
    // Once the key store is healthy again (after a reset), the same cipher works.
    keys.data.delete(VAULT_KEY_ID);
    const sealed = await cipher.seal({ x: 1 });
    await expect(cipher.open(sealed)).resolves.toEqual({ x: 1 });
  });

  it('listing connections under a damaged key says STORAGE instead of blaming each record', async () => {
    const data = createMemoryStore();
    await createConnectionStore(data, createCipher(await aesGcm(['encrypt', 'decrypt']))).save(
      connection,
    );
    const keys = createMemoryStore();
    keys.data.set(VAULT_KEY_ID, await aesGcm(['encrypt']));
    const broken = createConnectionStore(data, createVaultCipher(keys));
    await expect(broken.list()).rejects.toMatchObject({ code: ErrorCode.STORAGE });
  });
});

describe('what a connection keeps in the clear', () => {
  it('seals the identity, the ID token claims and the grant with the credential', async () => {
    const data = createMemoryStore();
    const store = createConnectionStore(data, createCipher(await aesGcm(['encrypt', 'decrypt'])));
    await store.save(connection);
    const raw = JSON.stringify(data.data.get('conn:a'), (_k, v: unknown) =>
      v instanceof ArrayBuffer || v instanceof Uint8Array ? `bytes:${v.byteLength}` : v,
    );
    for (const secret of [
      'access-a',
      'Ada',
      'ada@example.test',
      'subject-ada',
      'org-7',
      'Engines',
    ]) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).toContain('"providerId":"sandbox"');
    expect(await store.get('a')).toEqual(connection);
  });

  it('still reads a version 1 record (identity in the clear) and rewrites it sealed', async () => {
    const data = createMemoryStore();
    const cipher = createCipher(await aesGcm(['encrypt', 'decrypt']));
    const { credential, ...info } = connection;
    data.data.set('conn:a', { v: 1, info, sealed: await cipher.seal(credential) });
    const store = createConnectionStore(data, cipher);
    const read = await store.get('a');
    expect(read).toEqual(connection);
    await store.save(read!);
    expect(JSON.stringify(data.data.get('conn:a'))).not.toContain('Ada');
  });
});

describe('Reset local data', () => {
  it('deletes every Keyfob database, even while stores hold them open', async () => {
    const stores = LOCAL_DATABASES.map((db) => createIndexedDbStore(db.name));
    for (const store of stores) await store.set('k', 'v');
    await resetLocalData();
    const left = (await indexedDB.databases()).map((d) => d.name);
    for (const db of LOCAL_DATABASES) expect(left).not.toContain(db.name);
    // A store used after the reset starts from an empty database.
    expect(await stores[0]!.get('k')).toBeUndefined();
    expect(await stores[0]!.keys()).toEqual([]);
  });
});
