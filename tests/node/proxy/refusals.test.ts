import { describe, expect, it } from 'vitest';
import { TOKEN_BODY_LIMIT } from '../../../proxy/body';
import { basicAuthorization } from '../../../proxy/oauth-body';
import { CC_SECRET, codeGrant, errorOf, form, ORIGIN, OTHER_ORIGIN, post, setup } from './helpers';

/** Every refusal is a 4xx with {error, error_description}, and the provider is never called. */

interface Case {
  name: string;
  request: () => Request;
  status: number;
  error: string;
}

const { code_verifier: _verifier, ...withoutVerifier } = codeGrant;
const { redirect_uri: _redirect, ...withoutRedirect } = codeGrant;

const cases: Case[] = [
  {
    name: 'an unknown provider',
    request: () => post('/token/nope', form(codeGrant)),
    status: 404,
    error: 'unknown_provider',
  },
  {
    name: 'a catalog provider not enabled',
    request: () => post('/token/whatconverts', form(codeGrant)),
    status: 404,
    error: 'unknown_provider',
  },
  {
    name: 'a prototype property as provider',
    request: () => post('/token/__proto__', form(codeGrant)),
    status: 404,
    error: 'unknown_provider',
  },
  {
    name: 'the client_credentials grant',
    request: () => post('/token/cloudconvert', form({ grant_type: 'client_credentials' })),
    status: 400,
    error: 'unsupported_grant_type',
  },
  {
    name: 'the password grant',
    request: () =>
      post('/token/cloudconvert', form({ grant_type: 'password', username: 'u', password: 'p' })),
    status: 400,
    error: 'unsupported_grant_type',
  },
  {
    name: 'the device grant',
    request: () =>
      post(
        '/token/cloudconvert',
        form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: 'd' }),
      ),
    status: 400,
    error: 'unsupported_grant_type',
  },
  {
    name: 'a missing grant_type',
    request: () => post('/token/cloudconvert', form({ code: 'c' })),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a code grant without code_verifier',
    request: () => post('/token/cloudconvert', form(withoutVerifier)),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a code grant with an empty code_verifier',
    request: () => post('/token/cloudconvert', form({ ...codeGrant, code_verifier: '' })),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a code grant without redirect_uri',
    request: () => post('/token/cloudconvert', form(withoutRedirect)),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a refresh grant without refresh_token',
    request: () => post('/token/cloudconvert', form({ grant_type: 'refresh_token' })),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a redirect_uri on another origin',
    request: () =>
      post('/token/cloudconvert', form({ ...codeGrant, redirect_uri: `${OTHER_ORIGIN}/callback` })),
    status: 400,
    error: 'redirect_uri_not_allowed',
  },
  {
    name: "a redirect_uri on another allowed origin than the page's",
    request: () =>
      post(
        '/token/cloudconvert',
        form({ ...codeGrant, redirect_uri: 'http://127.0.0.1:5173/callback' }),
      ),
    status: 400,
    error: 'redirect_uri_not_allowed',
  },
  {
    name: 'a redirect_uri that is no URL',
    request: () => post('/token/cloudconvert', form({ ...codeGrant, redirect_uri: '/callback' })),
    status: 400,
    error: 'redirect_uri_not_allowed',
  },
  {
    name: 'a repeated parameter',
    request: () => post('/token/cloudconvert', `${form(codeGrant)}&code=second`),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'a disallowed origin',
    request: () => post('/token/cloudconvert', form(codeGrant), { origin: OTHER_ORIGIN }),
    status: 403,
    error: 'origin_not_allowed',
  },
  {
    name: 'the "null" origin',
    request: () => post('/token/cloudconvert', form(codeGrant), { origin: 'null' }),
    status: 403,
    error: 'origin_not_allowed',
  },
  {
    name: 'a missing origin',
    request: () => withoutOrigin(post('/token/cloudconvert', form(codeGrant))),
    status: 403,
    error: 'origin_not_allowed',
  },
  {
    name: 'a missing origin on revoke',
    request: () => withoutOrigin(post('/revoke/videoask', form({ token: 't' }))),
    status: 403,
    error: 'origin_not_allowed',
  },
  {
    name: 'a JSON body',
    request: () =>
      post('/token/cloudconvert', JSON.stringify(codeGrant), {
        'content-type': 'application/json',
      }),
    status: 415,
    error: 'unsupported_media_type',
  },
  {
    name: 'a text body',
    request: () => post('/token/cloudconvert', form(codeGrant), { 'content-type': 'text/plain' }),
    status: 415,
    error: 'unsupported_media_type',
  },
  {
    name: 'a multipart body',
    request: () =>
      post('/revoke/videoask', form({ token: 't' }), {
        'content-type': 'multipart/form-data; boundary=x',
      }),
    status: 415,
    error: 'unsupported_media_type',
  },
  {
    name: 'a Content-Length over 16 KiB',
    request: () =>
      post('/token/cloudconvert', form(codeGrant), {
        'content-length': String(TOKEN_BODY_LIMIT + 1),
      }),
    status: 413,
    error: 'request_too_large',
  },
  {
    name: 'a malformed Content-Length',
    request: () => post('/token/cloudconvert', form(codeGrant), { 'content-length': '-1' }),
    status: 413,
    error: 'request_too_large',
  },
  {
    name: 'a body over 16 KiB',
    request: () =>
      post('/token/cloudconvert', `${form(codeGrant)}&pad=${'a'.repeat(TOKEN_BODY_LIMIT)}`),
    status: 413,
    error: 'request_too_large',
  },
  {
    name: 'revocation where none is configured',
    request: () => post('/revoke/cloudconvert', form({ token: 't' })),
    status: 404,
    error: 'revocation_not_supported',
  },
  {
    name: 'revocation without token',
    request: () => post('/revoke/videoask', form({ token_type_hint: 'refresh_token' })),
    status: 400,
    error: 'invalid_request',
  },
  {
    name: 'GET on the token route',
    request: () =>
      new Request('https://proxy.example/token/cloudconvert', { headers: { origin: ORIGIN } }),
    status: 405,
    error: 'method_not_allowed',
  },
  {
    name: 'an unknown route',
    request: () => post('/authorize/cloudconvert', form(codeGrant)),
    status: 404,
    error: 'not_found',
  },
  {
    name: 'a nested token path',
    request: () => post('/token/cloudconvert/extra', form(codeGrant)),
    status: 404,
    error: 'not_found',
  },
];

function withoutOrigin(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete('origin');
  return new Request(request, { headers });
}

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

  it('never forwards an error answer raw: only error, error_description and error_uri, bounded', async () => {
    const { proxy } = setup({
      answer: async (request) =>
        Response.json(
          {
            error: 'invalid_client',
            error_description: 'Client authentication failed',
            error_uri: 'https://provider.example/docs/errors#invalid_client',
            echoed: await request.text(),
            headers: Object.fromEntries(request.headers),
          },
          { status: 401, headers: { 'set-cookie': 'sid=1', 'www-authenticate': 'Basic' } },
        ),
    });
    const response = await proxy(post('/token/videoask', form(codeGrant)));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed',
      error_uri: 'https://provider.example/docs/errors#invalid_client',
    });
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  const echoes: [string, (body: string, headers: Headers) => Record<string, unknown>][] = [
    ['verbatim', () => ({ error: 'invalid_client', error_description: `bad secret ${CC_SECRET}` })],
    [
      'form-encoded',
      (body) => ({ error: 'invalid_client', error_description: `got ${body.slice(-60)}` }),
    ],
    [
      'JSON-escaped in a long field',
      () => ({ error: 'invalid_grant', error_description: JSON.stringify({ s: CC_SECRET }) }),
    ],
    [
      'inside the Basic header',
      (_body, headers) => ({
        error: 'invalid_client',
        error_description: `header ${headers.get('authorization') ?? ''}`,
      }),
    ],
    [
      'percent-encoded in error_uri',
      () => ({
        error: 'invalid_client',
        error_uri: `https://p.example/?s=${encodeURIComponent(CC_SECRET)}`,
      }),
    ],
    ['in the error code itself', () => ({ error: `x${encodeURIComponent(CC_SECRET)}` })],
  ];

  it.each(echoes)('drops a field echoing the secret %s', async (_name, echo) => {
    for (const env of [{}, { KEYFOB_CLOUDCONVERT_CLIENT_AUTH: 'client_secret_basic' }]) {
      const { proxy } = setup({
        env,
        answer: async (request) =>
          Response.json(echo(await request.text(), request.headers), { status: 400 }),
      });
      const response = await proxy(post('/token/cloudconvert', form(codeGrant)));
      const text = await response.text();
      expect(response.status).toBe(400);
      for (const secretForm of [
        CC_SECRET,
        encodeURIComponent(CC_SECRET),
        new URLSearchParams({ s: CC_SECRET }).toString().slice(2),
        basicAuthorization('cc-id', CC_SECRET).slice(6),
        'sEcr3t',
      ])
        expect(text).not.toContain(secretForm);
      const body = JSON.parse(text) as Record<string, unknown>;
      expect(
        Object.keys(body).every((k) => ['error', 'error_description', 'error_uri'].includes(k)),
      ).toBe(true);
      expect(typeof body.error).toBe('string');
    }
  });

  it('bounds each rebuilt field and refuses characters outside RFC 6749 5.2', async () => {
    const { proxy } = setup({
      answer: () =>
        Response.json(
          {
            error: 'e'.repeat(65),
            error_description: 'd'.repeat(257),
            error_uri: 'javascript:alert(1)',
          },
          { status: 400 },
        ),
    });
    const response = await proxy(post('/token/videoask', form(codeGrant)));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'server_error',
      error_description: 'The provider answered 400 without a usable OAuth error code',
    });
    const quoted = setup({
      answer: () =>
        Response.json(
          {
            error: 'invalid_grant',
            error_description: 'has "quotes" and \\ backslash',
            error_uri: 'https://ok.example/' + 'u'.repeat(600),
          },
          { status: 400 },
        ),
    });
    const second = await quoted.proxy(post('/token/videoask', form(codeGrant)));
    expect(await second.json()).toEqual({ error: 'invalid_grant' });
  });

  it('withholds a successful answer that echoes the client secret in any encoding', async () => {
    for (const echoed of [CC_SECRET, encodeURIComponent(CC_SECRET), JSON.stringify(CC_SECRET)]) {
      const { proxy } = setup({
        answer: () =>
          new Response(
            `{"access_token":"at","token_type":"Bearer","note":${JSON.stringify(echoed)}}`,
            {
              headers: { 'content-type': 'application/json' },
            },
          ),
      });
      const response = await proxy(post('/token/cloudconvert', form(codeGrant)));
      expect(response.status).toBe(502);
      expect((await errorOf(response)).error).toBe('upstream_invalid_response');
    }
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
