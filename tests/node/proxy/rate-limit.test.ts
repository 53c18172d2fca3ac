import { describe, expect, it } from 'vitest';
import { clientKey, createRateLimiter } from '../../../proxy/rate-limit';
import { codeGrant, form, post, setup } from './helpers';

describe('the in-process rate limiter', () => {
  it('keys IPv6 clients by their /64, IPv4 (and IPv4-mapped) by the address', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:fffe')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every address of one IPv6 /64 against one bucket', async () => {
    const { proxy } = setup({ env: { KEYFOB_PROXY_RATE_LIMIT: '2,0.001' } });
    const call = (clientAddress: string) =>
      proxy(post('/token/cloudconvert', form(codeGrant)), { clientAddress });
    expect((await call('2001:db8:1:2::1')).status).toBe(200);
    expect((await call('2001:db8:1:2:dead:beef:0:1')).status).toBe(200);
    expect((await call('2001:db8:1:2:ffff::7')).status).toBe(429);
    // The next /64 is another client.
    expect((await call('2001:db8:1:3::1')).status).toBe(200);
  });

  it('forgets the least recently seen client first once full, and keeps an active one', () => {
    const t = 0;
    const limiter = createRateLimiter({ burst: 1, refillPerSecond: 0.001 }, () => t, 3);
    expect(limiter.take('10.0.0.1')).toBe(0);
    expect(limiter.take('10.0.0.2')).toBe(0);
    expect(limiter.take('10.0.0.3')).toBe(0);
    expect(limiter.take('10.0.0.1')).toBeGreaterThan(0); // seen again: now the most recent
    expect(limiter.take('10.0.0.4')).toBe(0); // evicts 10.0.0.2, the least recent
    expect(limiter.take('10.0.0.1')).toBeGreaterThan(0); // still remembered, still empty
    expect(limiter.take('10.0.0.2')).toBe(0); // forgotten, so a fresh bucket
  });

  it('stays O(1) per request with far more clients than it keeps (no sweep)', () => {
    // Buckets that never refill: a sweep would walk all 10,000 on every new client and free none.
    const limiter = createRateLimiter({ burst: 5, refillPerSecond: 0.000001 }, () => 0);
    for (let i = 0; i < 10_000; i += 1) limiter.take(`10.${i >> 8}.${i & 255}.1`);
    const started = performance.now();
    for (let i = 0; i < 20_000; i += 1) limiter.take(`11.${i >> 8}.${i & 255}.1`);
    const perRequestUs = ((performance.now() - started) * 1000) / 20_000;
    // A full sweep of 10,000 buckets costs ~150 us on an idle machine; a lookup plus an eviction
    // takes 1-3 us, and stays far below 50 us even with the whole test suite running beside it.
    expect(perRequestUs).toBeLessThan(50);
  });
});
