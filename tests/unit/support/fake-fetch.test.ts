import { describe, expect, it } from 'vitest';
import { ISSUER, fakeFetch, json } from '../../support/fake-provider.ts';

describe('fakeFetch is strict', () => {
  it('refuses a request nobody expected with its method and URL, not as a CORS-like TypeError', async () => {
    const fake = fakeFetch({ [`${ISSUER}/token`]: () => json({}) });
    const failure = await fake
      .fetch(`${ISSUER}/userinfo?x=1`, { method: 'POST' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(TypeError);
    expect((failure as Error).message).toBe(
      `fakeFetch: unexpected request POST ${ISSUER}/userinfo?x=1`,
    );
    expect(fake.unexpected.map((r) => r.url)).toEqual([`${ISSUER}/userinfo?x=1`]);
  });

  it('assertAllUsed fails on a route never called and on an unexpected request', async () => {
    const fake = fakeFetch({
      [`${ISSUER}/token`]: () => json({}),
      [`${ISSUER}/revoke`]: () => json({}),
    });
    await fake.fetch(`${ISSUER}/token`, { method: 'POST' });
    expect(() => fake.assertAllUsed()).toThrow(`fakeFetch: never called ${ISSUER}/revoke`);
    await fake.fetch(`${ISSUER}/revoke`, { method: 'POST' });
    expect(() => fake.assertAllUsed()).not.toThrow();
    await fake.fetch(`${ISSUER}/other`).catch(() => undefined);
    expect(() => fake.assertAllUsed()).toThrow(`fakeFetch: unexpected GET ${ISSUER}/other`);
  });
});
