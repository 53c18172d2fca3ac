import { describe, expect, it } from 'vitest';
import { TOKEN_BODY_LIMIT } from '../../../proxy/body';
import { codeGrant, errorOf, form, ORIGIN, OTHER_ORIGIN, post, setup } from './helpers';
import { cases, withoutOrigin } from './refusal-cases';

/** Every refusal is a 4xx with {error, error_description}, and the provider is never called. */

describe('refusals', () => {
  it.each(cases)('refuses $name', async ({ request, status, error }) => {
    const { proxy, upstream, logs } = setup();
    const response = await proxy(request());
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await errorOf(response);
    expect(body.error).toBe(error);
    expect(body.error_description).toEqual(expect.any(String));
    expect(upstream.calls).toHaveLength(0);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ status, error });
  });

  it('gives a disallowed or missing origin no CORS headers', async () => {
    const { proxy } = setup();
    for (const request of [
      post('/token/cloudconvert', form(codeGrant), { origin: OTHER_ORIGIN }),
      withoutOrigin(post('/token/cloudconvert', form(codeGrant))),
    ]) {
      const response = await proxy(request);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('vary')).toBe('Origin');
    }
  });

  it('gives an allowed origin CORS headers on refusals, so the app can read them', async () => {
    const { proxy } = setup();
    const response = await proxy(post('/token/cloudconvert', form({ grant_type: 'password' })));
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('counts a streamed body without Content-Length and stops reading past 16 KiB', async () => {
    const { proxy, upstream } = setup();
    let pulls = 0;
    const chunk = new TextEncoder().encode('a'.repeat(4096));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await proxy(post('/token/cloudconvert', endless));
    expect(response.status).toBe(413);
    expect(pulls).toBeLessThan(10);
    expect(upstream.calls).toHaveLength(0);
  });

  it('counts the bytes even when Content-Length claims a small body', async () => {
    const { proxy, upstream } = setup();
    const response = await proxy(
      post('/token/cloudconvert', `${form(codeGrant)}&pad=${'a'.repeat(TOKEN_BODY_LIMIT)}`, {
        'content-length': '100',
      }),
    );
    expect(response.status).toBe(413);
    expect(upstream.calls).toHaveLength(0);
  });

  it('takes the upstream from configuration only, whatever the request URL and headers say', async () => {
    const { proxy, upstream } = setup();
    const request = new Request(
      'https://evil.example/token/cloudconvert?token_endpoint=https://evil.example',
      {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          'content-type': 'application/x-www-form-urlencoded',
          host: 'evil.example',
          'x-forwarded-host': 'evil.example',
          forwarded: 'host=evil.example',
        },
        body: `${form(codeGrant)}&token_endpoint=https%3A%2F%2Fevil.example%2Ftoken&issuer=https%3A%2F%2Fevil.example`,
      },
    );
    const response = await proxy(request);
    expect(response.status).toBe(200);
    expect(upstream.calls.map((call) => call.url)).toEqual([
      'https://cloudconvert.com/oauth/token',
    ]);
    expect(upstream.calls[0]?.body).not.toContain('evil');
  });
});
