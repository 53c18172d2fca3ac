import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/oauth/types';
import { createCipher, loadVaultKey } from '../../../src/vault/cipher';
import { createConnectionStore } from '../../../src/vault/connections';
import { createIndexedDbStore, createMemoryStore } from '../../../src/vault/store';

const connection = (id: string): Connection => ({
  id,
  providerId: 'sandbox',
  providerName: 'Sandbox',
  authMethod: 'oauth',
  createdAt: 1,
  updatedAt: 1,
  obtainedAt: 1,
  grantedScopes: ['openid'],
  hasRefreshToken: true,
  status: 'connected',
  credential: {
    kind: 'oauth',
    accessToken: `access-${id}`,
    tokenType: 'bearer',
    refreshToken: `refresh-${id}`,
  },
});

async function freshKey() {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

describe('the connection vault', () => {
  it('seals the status reason, which can quote the provider (an account, an email)', async () => {
    const raw = createMemoryStore();
    const store = createConnectionStore(raw, createCipher(await freshKey()));
    const reason = 'Refused: the key of jane@example.test was revoked.';
    await store.save({ ...connection('a'), status: 'needs-reconnect', statusReason: reason });
    expect(JSON.stringify(raw.data.get('conn:a'))).not.toContain('jane@example.test');
    expect(await store.get('a')).toMatchObject({ status: 'needs-reconnect', statusReason: reason });
  });

  it('keeps no credential in the clear and a fresh IV per write', async () => {
    const raw = createMemoryStore();
    const store = createConnectionStore(raw, createCipher(await freshKey()));
    await store.save(connection('a'));
    const first = raw.data.get('conn:a') as { sealed: { iv: Uint8Array } };
    await store.save(connection('a'));
    const second = raw.data.get('conn:a') as { sealed: { iv: Uint8Array } };
    expect(
      JSON.stringify(raw.data.get('conn:a'), (_k, v) =>
        v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v,
      ),
    ).not.toMatch(/access-a|refresh-a/);
    expect(Buffer.from(first.sealed.iv).equals(Buffer.from(second.sealed.iv))).toBe(false);
    expect(first.sealed.iv).toHaveLength(12);
    expect(await store.get('a')).toEqual(connection('a'));
  });

  it('marks only the unreadable connection as needing a reconnect', async () => {
    const raw = createMemoryStore();
    await createConnectionStore(raw, createCipher(await freshKey())).save(connection('lost'));
    const store = createConnectionStore(raw, createCipher(await freshKey()));
    await store.save(connection('fine'));
    raw.data.set('conn:junk', { hello: 'world' });
    const all = await store.list();
    const byId = Object.fromEntries(all.map((c) => [c.id, c]));
    expect(byId.fine).toEqual(connection('fine'));
    expect(byId.lost).toMatchObject({ status: 'needs-reconnect' });
    expect(byId.lost!.credential).toBeUndefined();
    expect(byId.lost!.statusReason).toContain('could not be decrypted');
    expect(byId.junk).toMatchObject({ status: 'needs-reconnect' });
  });

  it('makes one non-extractable key and keeps it in IndexedDB', async () => {
    const keys = createIndexedDbStore('keyfob-keys-test');
    const [a, b] = await Promise.all([loadVaultKey(keys), loadVaultKey(keys)]);
    const again = await loadVaultKey(keys);
    expect(a.extractable).toBe(false);
    expect(a.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    const sealed = await createCipher(a).seal({ x: 1 });
    await expect(createCipher(b).open(sealed)).resolves.toEqual({ x: 1 });
    await expect(createCipher(again).open(sealed)).resolves.toEqual({ x: 1 });
  });
});
