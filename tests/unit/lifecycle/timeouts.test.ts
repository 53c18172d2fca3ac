import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import type { FetchLike } from '../../../src/oauth/http';
import { createLocalLocks, refreshLockName } from '../../../src/oauth/locks';
import { ISSUER } from '../../support/fake-provider';
import { T0, browser, rotatingProvider, storedConnection } from './harness';

let reached: () => void = () => undefined;
/** Resolves when the never-answering request has been sent (WebCrypto runs outside fake time). */
const sent = () => new Promise<void>((resolve) => (reached = resolve));

/** A fetch whose chosen endpoints accept the request and never answer. */
function hanging(inner: FetchLike, hang: (url: string) => boolean): FetchLike {
  return (input, init) => {
    if (!hang(String(input))) return inner(input, init);
    reached();
    return new Promise<Response>(() => undefined);
  };
}

describe('nothing waits for ever', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a token endpoint that never answers is TIMEOUT for the token refresh, and frees the lock', async () => {
    const provider = rotatingProvider();
    const b = await browser({
      fetch: hanging(provider.fetch, (u) => u === `${ISSUER}/token`),
    });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    const hung = sent();
    const call = b
      .tab()
      .api('conn-1', '/me')
      .catch((e: unknown) => e);
    await hung;
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await call).toMatchObject({ code: ErrorCode.TIMEOUT, step: 'token refresh' });
    // The lock is free again: another caller gets it at once.
    const got = b.locks.request(refreshLockName('conn-1'), async () => 'free', { waitMs: 1 });
    await vi.advanceTimersByTimeAsync(1);
    expect(await got).toBe('free');
  });

  it('an API that never answers is TIMEOUT for the API call', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: hanging(provider.fetch, (u) => u.endsWith('/me')) });
    await b.connections.save(storedConnection());
    const hung = sent();
    const call = b
      .tab()
      .api('conn-1', '/me')
      .catch((e: unknown) => e);
    await hung;
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await call).toMatchObject({ code: ErrorCode.TIMEOUT, step: 'API call' });
  });

  it('waiting for a lock another tab never releases is bounded', async () => {
    const locks = createLocalLocks();
    void locks.request('held', () => new Promise<never>(() => undefined));
    const waiting = locks
      .request('held', async () => 'ran', { waitMs: 2_000, step: 'waiting for a test' })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await waiting).toMatchObject({ code: ErrorCode.TIMEOUT, step: 'waiting for a test' });
  });

  it('Disconnect removes the connection within 15 s while another tab holds the lock and revocation hangs', async () => {
    const provider = rotatingProvider();
    const b = await browser({
      fetch: hanging(provider.fetch, (u) => u === `${ISSUER}/revoke`),
    });
    await b.connections.save(storedConnection());
    // Another tab is stuck in the middle of a refresh, holding the lock for good.
    void b.locks.request(refreshLockName('conn-1'), () => new Promise<never>(() => undefined));
    let done = false;
    const result = b
      .tab()
      .disconnector.disconnect('conn-1')
      .finally(() => (done = true));
    await vi.advanceTimersByTimeAsync(14_999);
    expect(done).toBe(true);
    expect(await result).toMatchObject({ revocation: 'failed' });
    expect((await result).reason).toMatch(/TIMEOUT|did not answer/);
    expect(await b.connections.get('conn-1')).toBeUndefined();
  });
});
