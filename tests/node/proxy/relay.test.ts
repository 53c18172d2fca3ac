import { describe, expect, it } from 'vitest';
import { errorOf, ORIGIN, setup } from './helpers';

function api(path: string, init: RequestInit = {}): Request {
  return new Request(`https://proxy.example${path}`, {
    ...init,
    headers: { origin: ORIGIN, ...(init.headers as Record<string, string>) },
  });
}

describe('/api/:id/* relay', () => {
  it('relays a GET with only the allowlisted headers and the query string', async () => {
    const { proxy, upstream } = setup({
      answer: () =>
        new Response('{"items":[]}', {
          status: 200,
          headers: {
            'content-type': 'application/json',
            'set-cookie': 'sid=1',
            'x-ratelimit-remaining': '9',
            server: 'x',
          },
        }),
    });
    const response = await proxy(
      api('/api/videoask/forms?limit=10&q=a%20b', {
        headers: {
          authorization: 'Bearer user-token',
          accept: 'application/json',
          'organization-id': 'org-1',
          cookie: 'session=abc',
          'x-forwarded-for': '10.0.0.1',
          'x-custom': 'nope',
        },
      }),
    );
    expect(upstream.calls).toEqual([
      {
        url: 'https://api.videoask.com/forms?limit=10&q=a%20b',
        method: 'GET',
        headers: {
          authorization: 'Bearer user-token',
          accept: 'application/json',
          'organization-id': 'org-1',
        },
        body: '',
      },
    ]);
    expect(upstream.requests[0]?.redirect).toBe('manual');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"items":[]}');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('server')).toBeNull();
    expect(response.headers.get('x-ratelimit-remaining')).toBe('9');
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('serves relayed answers sandboxed and unsniffed, so provider HTML cannot run on the proxy origin', async () => {
    const { proxy } = setup({
      answer: () =>
        new Response('<script>alert(document.domain)</script>', {
          status: 404,
          headers: { 'content-type': 'text/html' },
        }),
    });
    const response = await proxy(api('/api/videoask/missing'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('relays a POST body and passes the provider status through', async () => {
    const { proxy, upstream } = setup({
      answer: () => Response.json({ message: 'bad' }, { status: 422 }),
    });
    const response = await proxy(
      api('/api/sandbox-confidential/jobs', {
        method: 'POST',
        body: '{"tag":"x"}',
        headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      }),
    );
    expect(upstream.calls).toEqual([
      {
        url: 'http://127.0.0.1:9999/api/v1/jobs',
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: '{"tag":"x"}',
      },
    ]);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ message: 'bad' });
  });

  it('keeps the base path, including for the base itself', async () => {
    const { proxy, upstream } = setup({ answer: () => new Response(null, { status: 204 }) });
    await proxy(api('/api/sandbox-confidential'));
    await proxy(api('/api/sandbox-confidential/'));
    await proxy(api('/api/sandbox-confidential/leads/1:archive', { method: 'DELETE' }));
    expect(upstream.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'GET http://127.0.0.1:9999/api/v1/',
      'GET http://127.0.0.1:9999/api/v1/',
      'DELETE http://127.0.0.1:9999/api/v1/leads/1:archive',
    ]);
  });

  it('maps an unreachable API to 502 and a slow one to 504', async () => {
    const down = setup({ answer: () => Promise.reject(new TypeError('fetch failed')) });
    expect((await down.proxy(api('/api/videoask/me'))).status).toBe(502);
    const slow = setup({
      env: { KEYFOB_PROXY_TIMEOUT_MS: '20' },
      answer: () => new Promise<Response>(() => undefined),
    });
    expect((await slow.proxy(api('/api/videoask/me'))).status).toBe(504);
  });

  const refused: [string, () => Request, number, string][] = [
    [
      'a provider whose relay is off',
      () => api('/api/cloudconvert/v2/users/me'),
      404,
      'relay_disabled',
    ],
    ['an unknown provider', () => api('/api/nope/x'), 404, 'unknown_provider'],
    ['an encoded slash', () => api('/api/videoask/forms%2F..%2F..%2Fadmin'), 400, 'invalid_path'],
    ['an encoded lower-case slash', () => api('/api/videoask/a%2fb'), 400, 'invalid_path'],
    ['an encoded backslash', () => api('/api/videoask/a%5C..%5Cb'), 400, 'invalid_path'],
    ['encoded dots', () => api('/api/videoask/%2e%2e%2fadmin'), 400, 'invalid_path'],
    ['double encoding', () => api('/api/videoask/%252e%252e%252fadmin'), 400, 'invalid_path'],
    ['an encoded NUL', () => api('/api/videoask/a%00b'), 400, 'invalid_path'],
    ['a double slash', () => api('/api/videoask//evil.example/x'), 400, 'invalid_path'],
    [
      'a backslash (normalised to a double slash)',
      () => api('/api/videoask/\\evil.example/x'),
      400,
      'invalid_path',
    ],
    ['an absolute URL', () => api('/api/videoask/https://evil.example/x'), 400, 'invalid_path'],
    [
      'a scheme without slashes',
      () => api('/api/videoask/javascript:alert(1)'),
      400,
      'invalid_path',
    ],
    ['an "@"', () => api('/api/videoask/@evil.example/x'), 400, 'invalid_path'],
    [
      '"..;" (a path parameter hiding a dot segment)',
      () => api('/api/videoask/..;/admin'),
      400,
      'invalid_path',
    ],
    [
      'a ";" anywhere in a segment',
      () => api('/api/videoask/forms;jsessionid=1'),
      400,
      'invalid_path',
    ],
    ['a segment starting with ".."', () => api('/api/videoask/..foo/admin'), 400, 'invalid_path'],
    ['overlong UTF-8 dots', () => api('/api/videoask/%c0%ae%c0%ae/admin'), 400, 'invalid_path'],
    ['full-width dots, raw', () => api('/api/videoask/\uff0e\uff0e/admin'), 400, 'invalid_path'],
    [
      'full-width dots, encoded',
      () => api('/api/videoask/%EF%BC%8E%EF%BC%8E/admin'),
      400,
      'invalid_path',
    ],
    ['any encoded byte above 0x7f', () => api('/api/videoask/caf%C3%A9'), 400, 'invalid_path'],
    [
      'a disallowed origin',
      () => api('/api/videoask/me', { headers: { origin: 'https://evil.example' } }),
      403,
      'origin_not_allowed',
    ],
    [
      'an unsupported method',
      () => api('/api/videoask/me', { method: 'PROPFIND' }),
      405,
      'method_not_allowed',
    ],
    [
      'a body over 1 MiB',
      () => api('/api/videoask/forms', { method: 'POST', body: 'a'.repeat(1024 * 1024 + 1) }),
      413,
      'request_too_large',
    ],
  ];

  it.each(refused)('refuses %s without calling upstream', async (_name, request, status, error) => {
    const { proxy, upstream } = setup();
    const response = await proxy(request());
    expect(response.status).toBe(status);
    expect((await errorOf(response)).error).toBe(error);
    expect(upstream.calls).toHaveLength(0);
  });

  it('cannot climb out of the API base with dot segments: the URL parser resolves them before routing', async () => {
    const { proxy, upstream } = setup();
    const response = await proxy(api('/api/videoask/../../token/cloudconvert'));
    expect(response.status).toBe(405);
    const outside = await proxy(api('/api/videoask/%2e%2e/%2e%2e/etc/passwd'));
    expect(outside.status).toBe(404);
    expect(upstream.calls).toHaveLength(0);
  });
});
