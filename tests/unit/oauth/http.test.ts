import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import { describingNetworkErrors, stepOf, type FetchLike } from '../../../src/oauth/http';

const APP = 'https://keyfob.example.test';

describe('the failed-call vocabulary', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('names the step from the request itself', () => {
    const post = (body: string) => ({ method: 'POST', body });
    expect(stepOf('https://as.test/.well-known/openid-configuration', undefined, 'x')).toBe(
      'discovery',
    );
    expect(stepOf('https://as.test/token', post('grant_type=authorization_code&code=c'), 'x')).toBe(
      'code exchange',
    );
    expect(stepOf('https://as.test/token', post('{"grant_type":"refresh_token"}'), 'x')).toBe(
      'token refresh',
    );
    expect(
      stepOf('https://as.test/revoke', post('token=t&token_type_hint=access_token'), 'x'),
    ).toBe('revocation');
    expect(stepOf('https://api.test/me', undefined, 'API call')).toBe('API call');
  });

  it('TIMEOUT ends the wait even when the fetch ignores its abort signal, and aborts it', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const never: FetchLike = (_input, init) => {
      signal = init?.signal ?? undefined;
      return new Promise<Response>(() => undefined);
    };
    const call = describingNetworkErrors(never, { appOrigin: APP, timeoutMs: 2_000 })(
      'https://as.test/token',
      { method: 'POST', body: 'grant_type=authorization_code' },
    ).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toMatchObject({
      code: ErrorCode.TIMEOUT,
      step: 'code exchange',
      endpoint: 'https://as.test/token',
    });
    expect(signal?.aborted).toBe(true);
  });

  it('OFFLINE sends nothing; same-origin failures are UNREACHABLE without a probe', async () => {
    const seen: string[] = [];
    const failing: FetchLike = async (input, init) => {
      seen.push(`${init?.method ?? 'GET'} ${String(input)}`);
      throw new TypeError('Failed to fetch');
    };
    await expect(
      describingNetworkErrors(failing, { appOrigin: APP, online: () => false })(
        'https://as.test/x',
      ),
    ).rejects.toMatchObject({ code: ErrorCode.OFFLINE });
    expect(seen).toEqual([]);
    await expect(
      describingNetworkErrors(failing, { appOrigin: APP })(`${APP}/proxy/token`),
    ).rejects.toMatchObject({ code: ErrorCode.UNREACHABLE });
    expect(seen).toEqual([`GET ${APP}/proxy/token`]);
  });

  it('the CORS probe is a credential-less no-cors HEAD with no body', async () => {
    const seen: RequestInit[] = [];
    const corsless: FetchLike = async (_input, init) => {
      seen.push(init ?? {});
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    };
    await expect(
      describingNetworkErrors(
        corsless,
        { appOrigin: APP },
        'API call',
      )('https://api.test/me', {
        headers: { authorization: 'Bearer secret' },
      }),
    ).rejects.toMatchObject({ code: ErrorCode.CORS_BLOCKED, step: 'API call' });
    const probe = seen[1]!;
    expect(probe).toMatchObject({ method: 'HEAD', mode: 'no-cors', credentials: 'omit' });
    expect(probe.headers).toBeUndefined();
    expect(probe.body).toBeUndefined();
  });
});
