import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/oauth/types';
import { createCipher } from '../../../src/vault/cipher';
import { createConnectionStore } from '../../../src/vault/connections';
import {
  createRequestHistory,
  HISTORY_LIMIT,
  historyKey,
  moveHistories,
  type HistoryEntry,
} from '../../../src/vault/request-history';
import { createMemoryStore } from '../../../src/vault/store';

const newKey = () =>
  crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

const entry = (n: number): HistoryEntry => ({
  id: `e${n}`,
  method: 'POST',
  path: `/echo?n=${n}`,
  headers: 'X-Marker: visible-only-when-opened',
  body: '{"note": "typed by the person"}',
  status: 200,
  durationMs: 12,
  at: 1_000 + n,
});

/** Every stored byte as text: JSON, with binary fields as their bytes read as text too. */
const rawText = (data: Map<string, unknown>) =>
  JSON.stringify([...data], (_k, v: unknown) =>
    v instanceof ArrayBuffer || ArrayBuffer.isView(v)
      ? new TextDecoder().decode(v instanceof ArrayBuffer ? v : (v as Uint8Array))
      : v,
  );

describe('the API console history', () => {
  it('keeps the newest 20 per connection, sealed: nothing readable in storage', async () => {
    const raw = createMemoryStore();
    const history = createRequestHistory(raw, createCipher(await newKey()));
    for (let n = 1; n <= HISTORY_LIMIT + 5; n++) await history.add('c1', entry(n));
    await history.add('c2', entry(99));
    const list = await history.list('c1');
    expect(list).toHaveLength(HISTORY_LIMIT);
    expect(list[0]!.id).toBe('e25');
    expect(list.at(-1)!.id).toBe('e6');
    expect((await history.list('c2')).map((e) => e.id)).toEqual(['e99']);
    expect([...raw.data.keys()].sort()).toEqual([historyKey('c1'), historyKey('c2')]);
    const text = rawText(raw.data);
    for (const plain of ['visible-only-when-opened', 'typed by the person', '/echo', 'POST']) {
      expect(text).not.toContain(plain);
    }
  });

  it('Clear history removes one connection only; a connection removed takes its history along', async () => {
    const raw = createMemoryStore();
    const cipher = createCipher(await newKey());
    const history = createRequestHistory(raw, cipher);
    const connections = createConnectionStore(raw, cipher);
    const connection: Connection = {
      id: 'c1',
      providerId: 'sandbox',
      providerName: 'Sandbox',
      authMethod: 'oauth',
      createdAt: 1,
      updatedAt: 1,
      grantedScopes: [],
      hasRefreshToken: false,
      status: 'connected',
      credential: { kind: 'oauth', accessToken: 'at', tokenType: 'bearer' },
    };
    await connections.save(connection);
    await history.add('c1', entry(1));
    await history.add('c2', entry(2));
    await history.clear('c2');
    expect(await history.list('c2')).toEqual([]);
    expect(await history.list('c1')).toHaveLength(1);
    await connections.remove('c1');
    expect(await history.list('c1')).toEqual([]);
    expect([...raw.data.keys()]).toEqual([]);
  });

  it('does not open under another key, and is re-sealed when the vault moves', async () => {
    const from = createMemoryStore();
    const oldCipher = createCipher(await newKey());
    await createRequestHistory(from, oldCipher).add('c1', entry(1));
    const newCipher = createCipher(await newKey());
    await expect(createRequestHistory(from, newCipher).list('c1')).rejects.toThrow();
    const to = createMemoryStore();
    await moveHistories({ store: from, cipher: oldCipher }, { store: to, cipher: newCipher });
    expect(await createRequestHistory(to, newCipher).list('c1')).toEqual([entry(1)]);
  });
});
