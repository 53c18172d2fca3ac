// The twins are JavaScript typed by JSDoc; these assertions fail `npm run typecheck` if a twin's
// settings or state reach the tests as `any` or `Record<string, unknown>` again (createTwin is
// generic over both), and the run-time half checks the values the types describe.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { startCloudConvertTwin } from '../../../sandbox/twins/cloudconvert.mjs';
import type { CloudConvertTwinOptions } from '../../../sandbox/twins/cloudconvert.mjs';
import { startWhatConvertsTwin } from '../../../sandbox/twins/whatconverts.mjs';

describe('the twins carry their own types', () => {
  it("a twin's settings and state are typed from its defaults and state", async () => {
    const cloudconvert = await startCloudConvertTwin({ credits: 7 });
    const whatconverts = await startWhatConvertsTwin({ dailyLimit: 3 });
    try {
      expectTypeOf(cloudconvert.settings.credits).toEqualTypeOf<number>();
      expectTypeOf(cloudconvert.settings.refreshTokenTtl).toEqualTypeOf<number | null>();
      expectTypeOf(cloudconvert.settings.redirectUris).toEqualTypeOf<string[]>();
      expectTypeOf(cloudconvert.state.credits).toEqualTypeOf<number>();
      expectTypeOf(cloudconvert.state.store.codes.size).toEqualTypeOf<number>();
      expectTypeOf(whatconverts.state.quotas).toEqualTypeOf<
        Map<string, { day: number; used: number }>
      >();
      expectTypeOf<CloudConvertTwinOptions['credits']>().toEqualTypeOf<number | undefined>();
      // @ts-expect-error: a setting of the wrong type is refused at compile time
      const wrong: CloudConvertTwinOptions = { rateLimit: 'many' };
      expect(wrong.rateLimit).toBe('many');

      expect(cloudconvert.settings.credits).toBe(7);
      expect(cloudconvert.state.credits).toBe(7);
      expect(cloudconvert.settings.refreshTokenTtl).toBeNull();
      expect(whatconverts.settings.dailyLimit).toBe(3);
      expect(whatconverts.state.quotas).toBeInstanceOf(Map);
    } finally {
      await Promise.all([cloudconvert.close(), whatconverts.close()]);
    }
  });
});
