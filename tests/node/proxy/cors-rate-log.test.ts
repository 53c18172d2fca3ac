import { describe, expect, it } from 'vitest';
import { codeGrant, errorOf, form, ORIGIN, OTHER_ORIGIN, post, SECRETS, setup } from './helpers';

function preflight(path: string, origin: string, method = 'POST'): Request {
  return new Request(`https://proxy.example${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'content-type',
    },
  });
}

describe('CORS', () => {
  it('answers a preflight from an allowed origin', async () => {
    const { proxy, upstream } = setup();
    const response = await proxy(preflight('/token/cloudconvert', ORIGIN));
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toEqual({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, accept, dpop',
      'access-control-max-age': '600',
      vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    });
    expect(upstream.calls).toHaveLength(0);
  });

  it("allows the relay's methods and the provider's allowlisted headers", async () => {
    const { proxy } = setup();
    const response = await proxy(
      preflight('/api/videoask/forms', 'http://127.0.0.1:5173', 'DELETE'),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toBe(
      'GET, HEAD, POST, PUT, PATCH, DELETE',
    );
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, accept, dpop, organization-id',
    );
  });

  it('refuses a preflight from another origin, without CORS headers', async () => {
    const { proxy } = setup();
    const response = await proxy(preflight('/token/cloudconvert', OTHER_ORIGIN));
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    expect((await errorOf(response)).error).toBe('origin_not_allowed');
  });

  it('echoes only the requesting allowed origin, with Vary: Origin', async () => {
    const { proxy } = setup();
    const local = 'http://127.0.0.1:5173';
    const response = await proxy(
      post('/token/cloudconvert', form({ ...codeGrant, redirect_uri: `${local}/callback` }), {
        origin: local,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('serves /healthz to anyone, with no CORS', async () => {
    const { proxy } = setup();
    const response = await proxy(new Request('https://proxy.example/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limit', () => {
  it('lets a burst through, then answers 429 with Retry-After until the bucket refills', async () => {
    const { proxy, upstream, clock } = setup({ env: { KEYFOB_PROXY_RATE_LIMIT: '3,0.5' } });
    const call = (client = '203.0.113.7') =>
      proxy(post('/token/cloudconvert', form(codeGrant)), { clientAddress: client });

    for (let i = 0; i < 3; i += 1) expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect((await errorOf(limited)).error).toBe('rate_limited');
    expect(upstream.calls).toHaveLength(3);

    // Another client has its own bucket.
    expect((await call('198.51.100.1')).status).toBe(200);

    clock.advance(1999);
    expect((await call()).status).toBe(429);
    clock.advance(1);
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(429);
  });

  it('keys on the address the runtime passes, never on X-Forwarded-For', async () => {
    const { proxy } = setup({ env: { KEYFOB_PROXY_RATE_LIMIT: '1,1' } });
    const call = (forwardedFor: string) =>
      proxy(post('/token/cloudconvert', form(codeGrant), { 'x-forwarded-for': forwardedFor }), {
        clientAddress: '203.0.113.7',
      });
    expect((await call('1.1.1.1')).status).toBe(200);
    expect((await call('2.2.2.2')).status).toBe(429);
  });

  it('also spends the budget of requests it refuses', async () => {
    const { proxy } = setup({ env: { KEYFOB_PROXY_RATE_LIMIT: '2,1' } });
    const bad = () =>
      proxy(
        post('/token/cloudconvert', form({ grant_type: 'password' }), { origin: OTHER_ORIGIN }),
        { clientAddress: 'a' },
      );
    expect((await bad()).status).toBe(403);
    expect((await bad()).status).toBe(403);
    expect((await bad()).status).toBe(429);
  });

  it('does not limit /healthz or preflights', async () => {
    const { proxy } = setup({ env: { KEYFOB_PROXY_RATE_LIMIT: '1,1' } });
    for (let i = 0; i < 5; i += 1) {
      expect(
        (await proxy(new Request('https://proxy.example/healthz'), { clientAddress: 'a' })).status,
      ).toBe(200);
      expect(
        (await proxy(preflight('/token/cloudconvert', ORIGIN), { clientAddress: 'a' })).status,
      ).toBe(204);
    }
  });
});

describe('logging', () => {
  it('logs one structured line per request with route, provider, status and duration', async () => {
    const { proxy, logs, clock } = setup({
      answer: () => {
        clock.advance(42);
        return Response.json({ access_token: 'at' });
      },
    });
    await proxy(post('/token/cloudconvert', form(codeGrant)));
    await proxy(post('/token/cloudconvert', form({ grant_type: 'password' })));
    expect(logs).toEqual([
      {
        time: '2026-01-01T00:00:00.000Z',
        route: 'token',
        provider: 'cloudconvert',
        method: 'POST',
        status: 200,
        duration_ms: 42,
      },
      {
        time: '2026-01-01T00:00:00.042Z',
        route: 'token',
        provider: 'cloudconvert',
        method: 'POST',
        status: 400,
        duration_ms: 0,
        error: 'unsupported_grant_type',
      },
    ]);
  });

  it('puts no secret, token, code or verifier in any response or log line', async () => {
    const bodies: string[] = [];
    const { proxy, logs } = setup({
      env: { KEYFOB_PROXY_RATE_LIMIT: '2,1', KEYFOB_PROXY_TIMEOUT_MS: '10' },
      answer: (request) =>
        request.url.includes('cloudconvert')
          ? Response.json({ error: 'invalid_grant' }, { status: 400 })
          : new Promise<Response>(() => undefined),
    });
    const secretsInRequests = ['the-code', codeGrant.code_verifier, 'rt-sent', 'at-sent'];
    const requests = [
      post('/token/cloudconvert', form(codeGrant)),
      post('/token/videoask', form({ grant_type: 'refresh_token', refresh_token: 'rt-sent' })),
      post('/revoke/videoask', form({ token: 'at-sent' })),
      post('/token/cloudconvert', form({ ...codeGrant, grant_type: 'client_credentials' })),
      post('/token/sandbox-confidential', form({ ...codeGrant, code_verifier: '' })),
      new Request('https://proxy.example/api/videoask/me', {
        headers: { origin: ORIGIN, authorization: 'Bearer at-sent' },
      }),
    ];
    for (const request of requests) {
      const response = await proxy(request, { clientAddress: 'x' });
      bodies.push(JSON.stringify(Object.fromEntries(response.headers)), await response.text());
    }
    const everything = [...bodies, ...logs.map((entry) => JSON.stringify(entry))].join('\n');
    for (const secret of [...SECRETS, ...secretsInRequests])
      expect(everything).not.toContain(secret);
    expect(logs).toHaveLength(requests.length);
  });
});
