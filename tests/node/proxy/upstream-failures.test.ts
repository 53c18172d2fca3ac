import { describe, expect, it } from 'vitest';
import { codeGrant, errorOf, form, ORIGIN, post, setup } from './helpers';

/** A provider that cannot be reached, answers garbage, redirects or hangs: a 502 or 504, never its answer. */
describe('upstream failures', () => {
  it('maps an unreachable provider to 502', async () => {
    const { proxy } = setup({
      answer: () => Promise.reject(new TypeError('fetch failed: ECONNREFUSED')),
    });
    const response = await proxy(post('/token/cloudconvert', form(codeGrant)));
    expect(response.status).toBe(502);
    expect(await errorOf(response)).toEqual({
      error: 'upstream_unreachable',
      error_description: 'The provider could not be reached',
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('maps a body that is not JSON to 502', async () => {
    const { proxy } = setup({
      answer: () =>
        new Response('<html>Bad gateway</html>', {
          status: 503,
          headers: { 'content-type': 'text/html' },
        }),
    });
    const response = await proxy(post('/token/cloudconvert', form(codeGrant)));
    expect(response.status).toBe(502);
    expect(await errorOf(response)).toEqual({
      error: 'upstream_invalid_response',
      error_description: 'The provider answered 503 with a body that is not JSON',
    });
  });

  it('maps an empty token answer to 502 (only revocation may be empty)', async () => {
    const { proxy } = setup({ answer: () => new Response(null, { status: 200 }) });
    const response = await proxy(post('/token/cloudconvert', form(codeGrant)));
    expect(response.status).toBe(502);
  });

  it('never follows a redirect, which would re-send the secret elsewhere', async () => {
    const { proxy, upstream } = setup({
      answer: () =>
        new Response(null, { status: 307, headers: { location: 'https://evil.example/steal' } }),
    });
    const response = await proxy(post('/token/cloudconvert', form(codeGrant)));
    expect(response.status).toBe(502);
    expect((await errorOf(response)).error).toBe('upstream_invalid_response');
    expect(upstream.calls).toHaveLength(1);
  });

  it('maps a provider slower than the timeout to 504 and aborts the upstream request', async () => {
    const { proxy, upstream } = setup({
      env: { KEYFOB_PROXY_TIMEOUT_MS: '20' },
      answer: (request) =>
        new Promise<Response>((_, reject) => {
          request.signal.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          );
        }),
    });
    const response = await proxy(post('/token/cloudconvert', form(codeGrant)));
    expect(response.status).toBe(504);
    expect(await errorOf(response)).toEqual({
      error: 'upstream_timeout',
      error_description: 'The provider did not answer within 20 ms',
    });
    expect(upstream.requests[0]?.signal.aborted).toBe(true);
  });

  it('times out even a provider that ignores the abort signal', async () => {
    const { proxy } = setup({
      env: { KEYFOB_PROXY_TIMEOUT_MS: '20' },
      answer: () => new Promise<Response>(() => undefined),
    });
    const response = await proxy(post('/token/cloudconvert', form(codeGrant)));
    expect(response.status).toBe(504);
  });

  it('maps a provider whose body never ends to 504', async () => {
    const { proxy } = setup({
      env: { KEYFOB_PROXY_TIMEOUT_MS: '20' },
      answer: () =>
        new Response(
          new ReadableStream({
            start: (controller) => controller.enqueue(new TextEncoder().encode('{"access')),
          }),
        ),
    });
    const response = await proxy(post('/token/cloudconvert', form(codeGrant)));
    expect(response.status).toBe(504);
  });
});
