import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import type { FetchLike } from '../../../src/oauth/http';
import { ISSUER } from '../../support/fake-provider';
import { T0, browser, rotatingProvider, storedConnection } from './harness';

describe('a refresh whose answer was lost', () => {
  it('is recorded before sending, and invalid_grant after it is REFRESH_ANSWER_LOST', async () => {
    const provider = rotatingProvider();
    let dropAnswer = true;
    // The provider rotates the refresh token, then the network drops before its answer arrives.
    const fetchImpl: FetchLike = async (input, init) => {
      const response = await provider.fetch(input, init);
      if (dropAnswer && String(input) === `${ISSUER}/token`) {
        dropAnswer = false;
        throw new TypeError('Failed to fetch');
      }
      return response;
    };
    const b = await browser({ fetch: fetchImpl });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    const { refresher } = b.tab();
    // The host is up (the no-cors probe is answered), so the lost answer reads as CORS_BLOCKED.
    await expect(refresher.ensureFresh('conn-1')).rejects.toMatchObject({
      code: ErrorCode.CORS_BLOCKED,
      step: 'token refresh',
    });
    expect(provider.server.refreshToken).toBe('rt-1');
    expect(await b.connections.get('conn-1')).toMatchObject({ refreshSentAt: T0 + 121_000 });
    const error = await refresher.ensureFresh('conn-1').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.REFRESH_ANSWER_LOST,
      oauthError: 'invalid_grant',
    });
    expect((error as Error).message).toContain('never got its answer');
    expect((error as Error).message).toContain('most likely not revoked');
    expect(await b.connections.get('conn-1')).toMatchObject({
      status: 'needs-reconnect',
      statusCode: ErrorCode.REFRESH_ANSWER_LOST,
      refreshSentAt: undefined,
    });
  });

  it('invalid_grant with no lost answer is a plain NEEDS_RECONNECT (revoked or expired)', async () => {
    const provider = rotatingProvider();
    provider.server.refreshToken = 'rt-revoked';
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    await expect(b.tab().refresher.ensureFresh('conn-1')).rejects.toMatchObject({
      code: ErrorCode.NEEDS_RECONNECT,
    });
    expect(await b.connections.get('conn-1')).toMatchObject({
      statusCode: ErrorCode.NEEDS_RECONNECT,
    });
  });

  it('an answered refresh clears the record', async () => {
    const provider = rotatingProvider();
    const b = await browser({ fetch: provider.fetch });
    await b.connections.save(storedConnection());
    b.clock.now = T0 + 121_000;
    const fresh = await b.tab().refresher.ensureFresh('conn-1');
    expect(fresh.refreshSentAt).toBeUndefined();
    expect((await b.connections.get('conn-1'))?.refreshSentAt).toBeUndefined();
  });
});
