import { describe, expect, it } from 'vitest';
import { errorResponse, ProxyError, type ProxyErrorCode } from '../../../proxy/errors';
import { ErrorCode, type KeyfobError } from '../../../src/oauth/errors';
import { networkFetch } from '../../../src/oauth/http';
import { keyfobCodeOfProxyError, proxyRefusal } from '../../../src/oauth/proxy-refusal';
import { codeGrant, form, ORIGIN, OTHER_ORIGIN, setup, type Answer } from './helpers';

/** The app's own network wrapper, talking to the real proxy as a browser on `origin` would. */
function appThroughProxy(answer?: Answer, origin = ORIGIN) {
  const { proxy, upstream } = setup(answer ? { answer } : {});
  const fetch = networkFetch(
    {
      appOrigin: origin,
      fetch: (input, init) => {
        const request = new Request(input, init);
        request.headers.set('origin', origin);
        return proxy(request);
      },
    },
    'request',
  );
  return { fetch, upstream };
}

const exchange = (body = form(codeGrant)) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
});

async function failureOf(promise: Promise<unknown>): Promise<KeyfobError> {
  return (await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  )) as KeyfobError;
}

describe("the proxy's refusals, as the app reads them", () => {
  it('a refused origin is PROXY_REFUSED naming the step, the proxy code kept', async () => {
    const { fetch, upstream } = appThroughProxy(undefined, OTHER_ORIGIN);
    const error = await failureOf(fetch('https://proxy.example/token/cloudconvert', exchange()));
    expect(error).toMatchObject({
      code: ErrorCode.PROXY_REFUSED,
      proxyCode: 'origin_not_allowed',
      status: 403,
      step: 'code exchange',
      endpoint: 'https://proxy.example/token/cloudconvert',
    });
    expect(error.message).toContain('origin_not_allowed');
    expect(upstream.calls).toHaveLength(0);
  });

  it('a provider the proxy does not serve is PROXY_REFUSED (unknown_provider)', async () => {
    const { fetch } = appThroughProxy();
    const error = await failureOf(fetch('https://proxy.example/token/nobody', exchange()));
    expect(error).toMatchObject({ code: ErrorCode.PROXY_REFUSED, proxyCode: 'unknown_provider' });
  });

  it('the proxy failing to reach the provider is UNREACHABLE, like a direct call', async () => {
    const { fetch } = appThroughProxy(() => {
      throw new TypeError('fetch failed');
    });
    const error = await failureOf(fetch('https://proxy.example/token/cloudconvert', exchange()));
    expect(error).toMatchObject({
      code: ErrorCode.UNREACHABLE,
      proxyCode: 'upstream_unreachable',
      step: 'code exchange',
    });
  });

  it("the provider's own error answers pass untouched, even in the proxy's body shape", async () => {
    const { fetch } = appThroughProxy(() =>
      Response.json({ error: 'invalid_grant' }, { status: 400 }),
    );
    const answer = await fetch('https://proxy.example/token/cloudconvert', exchange());
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'invalid_grant' });
    const relayed = await appThroughProxy(() =>
      Response.json({ error: 'not_found' }, { status: 404 }),
    ).fetch('https://proxy.example/api/videoask/forms/1', {
      headers: { authorization: 'Bearer t' },
    });
    expect(relayed.status).toBe(404);
    expect(await relayed.json()).toEqual({ error: 'not_found' });
  });

  it("the proxy's rate limit is RATE_LIMITED with its Retry-After", async () => {
    const refusal = errorResponse(
      new ProxyError(429, 'rate_limited', 'Too many requests', { 'retry-after': '7' }),
    );
    expect(
      await proxyRefusal(refusal, { step: 'token refresh', endpoint: 'https://p/token/x' }),
    ).toMatchObject({
      code: ErrorCode.RATE_LIMITED,
      retryAfterSeconds: 7,
      proxyCode: 'rate_limited',
    });
  });

  it('every proxy code maps to a Keyfob code, and each is read back from a real refusal', async () => {
    const codes = Object.keys(keyfobCodeOfProxyError) as ProxyErrorCode[];
    for (const proxyCode of codes) {
      const error = await proxyRefusal(errorResponse(new ProxyError(400, proxyCode, 'no')), {
        step: 'request',
        endpoint: 'https://p/',
      });
      expect(error?.code, proxyCode).toBe(keyfobCodeOfProxyError[proxyCode]);
      expect(error?.proxyCode).toBe(proxyCode);
    }
    expect(keyfobCodeOfProxyError.upstream_timeout).toBe(ErrorCode.TIMEOUT);
    expect(keyfobCodeOfProxyError.upstream_invalid_response).toBe(ErrorCode.INVALID_RESPONSE);
  });
});
