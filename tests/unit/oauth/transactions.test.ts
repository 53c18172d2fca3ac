import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import {
  TRANSACTION_TTL_MS,
  providerOfTransaction,
  saveTransaction,
  sweepTransactions,
  takeTransaction,
} from '../../../src/oauth/transactions';
import type { Transaction } from '../../../src/oauth/types';
import { VAULT_KEY_ID, createCipher, createVaultCipher } from '../../../src/vault/cipher';
import { createMemoryStore } from '../../../src/vault/store';

const NOW = Date.UTC(2026, 10, 25, 12);
const transaction: Transaction = {
  state: 'state-abc',
  verifier: 'verifier-that-must-stay-secret-0123456789abcdefghij',
  nonce: 'nonce-that-must-stay-secret',
  providerId: 'acme',
  issuer: 'https://id.example.test',
  redirectUri: 'https://app.example.test/callback/acme',
  returnTo: '/',
  scopes: ['openid'],
  createdAt: NOW,
};

const freshCipher = async () =>
  createCipher(
    await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]),
  );
const dump = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) =>
    v instanceof ArrayBuffer || v instanceof Uint8Array ? [...new Uint8Array(v as ArrayBuffer)] : v,
  );

describe('sealed transactions', () => {
  it('keeps the verifier and nonce sealed while the person is at the provider', async () => {
    const store = createMemoryStore();
    const cipher = await freshCipher();
    await saveTransaction(store, cipher, transaction);
    const raw = dump(store.data.get('tx:state-abc'));
    expect(raw).not.toContain(transaction.verifier);
    expect(raw).not.toContain(transaction.nonce);
    expect(raw).not.toContain('id.example.test');
    expect(await providerOfTransaction(store, 'state-abc')).toBe('acme');
    expect(await takeTransaction(store, cipher, 'state-abc', NOW + 1000)).toEqual(transaction);
  });

  it('is taken once: the second take is TRANSACTION_USED, and the used marker holds no secret', async () => {
    const store = createMemoryStore();
    const cipher = await freshCipher();
    await saveTransaction(store, cipher, transaction);
    const [first, second] = await Promise.allSettled([
      takeTransaction(store, cipher, 'state-abc', NOW),
      takeTransaction(store, cipher, 'state-abc', NOW),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: transaction });
    expect(second).toMatchObject({
      status: 'rejected',
      reason: { code: ErrorCode.TRANSACTION_USED },
    });
    expect(store.data.get('tx:state-abc')).toEqual({
      status: 'used',
      usedAt: NOW,
      providerId: 'acme',
    });
  });

  it('refuses a sealed part moved under another state', async () => {
    const store = createMemoryStore();
    const cipher = await freshCipher();
    await saveTransaction(store, cipher, transaction);
    store.data.set('tx:other', store.data.get('tx:state-abc'));
    await expect(takeTransaction(store, cipher, 'other', NOW)).rejects.toMatchObject({
      code: ErrorCode.UNKNOWN_STATE,
    });
  });

  it('a damaged vault key is a STORAGE error at start, not a provider error at the callback', async () => {
    const keys = createMemoryStore();
    keys.data.set(VAULT_KEY_ID, 'not a key');
    await expect(
      saveTransaction(createMemoryStore(), createVaultCipher(keys), transaction),
    ).rejects.toMatchObject({ code: ErrorCode.STORAGE });
  });

  it('a transaction sealed under another key is a STORAGE error', async () => {
    const store = createMemoryStore();
    await saveTransaction(store, await freshCipher(), transaction);
    await expect(
      takeTransaction(store, await freshCipher(), 'state-abc', NOW),
    ).rejects.toMatchObject({ code: ErrorCode.STORAGE });
  });

  it('the sweep drops expired ones and records of the old clear layout, and keeps the rest', async () => {
    const store = createMemoryStore();
    const cipher = await freshCipher();
    await saveTransaction(store, cipher, transaction);
    await saveTransaction(store, cipher, {
      ...transaction,
      state: 'old',
      createdAt: NOW - TRANSACTION_TTL_MS - 1,
    });
    store.data.set('tx:legacy', { status: 'pending', transaction });
    store.data.set('other', 'kept');
    await sweepTransactions(store, NOW);
    expect([...store.data.keys()].sort()).toEqual(['other', 'tx:state-abc']);
  });
});
