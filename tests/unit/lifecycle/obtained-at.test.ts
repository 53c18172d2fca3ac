import { describe, expect, it } from 'vitest';
import { needsRefresh } from '../../../src/oauth/refresh-due';
import { createCipher } from '../../../src/vault/cipher';
import { createConnectionStore } from '../../../src/vault/connections';
import { createMemoryStore } from '../../../src/vault/store';
import { T0, browser, newKey, rotatingProvider, storedConnection } from './harness';

describe("a token's obtainedAt", () => {
  it('is set on refresh, to when the new token arrived', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection({ obtainedAt: T0 }));
    b.clock.now = T0 + 121_000;
    const fresh = await b.tab().refresher.ensureFresh('conn-1');
    expect(fresh).toMatchObject({ obtainedAt: T0 + 121_000, updatedAt: T0 + 121_000 });
    expect(await b.connections.get('conn-1')).toMatchObject({ obtainedAt: T0 + 121_000 });
  });

  it('and not updatedAt gives the lifetime: a later check does not shrink the margin', () => {
    // Issued at T0 for 120 s, then checked at T0 + 100 s (which touches updatedAt only).
    const checked = storedConnection({ obtainedAt: T0, updatedAt: T0 + 100_000 });
    // Lifetime 120 s: the 30 s margin applies, so at T0 + 95 s it is due.
    expect(needsRefresh(checked, T0 + 95_000)).toBe(true);
    // Read off updatedAt, the "lifetime" would be 20 s and the margin 5 s: not yet due.
    expect(needsRefresh({ ...checked, obtainedAt: T0 + 100_000 }, T0 + 95_000)).toBe(false);
  });

  it('reads as updatedAt once for a record stored before it existed, then is stored', async () => {
    const raw = createMemoryStore();
    const store = createConnectionStore(raw, createCipher(await newKey()));
    const old = storedConnection({ updatedAt: T0 + 5_000 });
    delete old.obtainedAt;
    await store.save(old);
    expect((raw.data.get('conn:conn-1') as { info: object }).info).not.toHaveProperty('obtainedAt');
    const read = await store.get('conn-1');
    expect(read).toEqual({ ...old, obtainedAt: T0 + 5_000 });
    await store.save(read!);
    expect((raw.data.get('conn:conn-1') as { info: object }).info).toMatchObject({
      obtainedAt: T0 + 5_000,
    });
    // An API key has no token lifetime: nothing is made up for it.
    await store.save(
      storedConnection({
        id: 'key',
        authMethod: 'api-key',
        credential: { kind: 'api-key', apiKey: 'k' },
      }),
    );
    expect(await store.get('key')).not.toHaveProperty('obtainedAt');
  });
});
