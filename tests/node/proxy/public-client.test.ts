import { describe, expect, it } from 'vitest';
import { loadConfig, ProxyConfigError, type Env } from '../../../proxy/index';
import {
  codeGrant,
  errorOf,
  form,
  ORIGIN,
  OTHER_ORIGIN,
  post,
  REDIRECT_URI,
  setup,
  testEnv,
} from './helpers';

/** Convert as a public client: no secret anywhere, its own token URL, JSON as the catalog says. */
const PUBLIC_ENV: Env = {
  KEYFOB_PROXY_PROVIDERS: 'convert,sandbox-public',
  KEYFOB_CONVERT_PUBLIC: '1',
  KEYFOB_CONVERT_CLIENT_ID: 'cv-public-id',
  KEYFOB_CONVERT_CLIENT_SECRET: undefined,
  KEYFOB_CONVERT_TOKEN_URL: 'http://127.0.0.1:9131/api/v2/auth/oauth/token',
  KEYFOB_SANDBOX_PUBLIC_PUBLIC: '1',
  KEYFOB_SANDBOX_PUBLIC_CLIENT_ID: 'sb-public-id',
  KEYFOB_SANDBOX_PUBLIC_TOKEN_URL: 'http://127.0.0.1:9999/oauth/token',
  KEYFOB_SANDBOX_PUBLIC_REVOKE_URL: 'http://127.0.0.1:9999/oauth/revoke',
};

const refreshGrant = { grant_type: 'refresh_token', refresh_token: 'rt-1', client_id: 'x' };

describe('public clients (KEYFOB_<ID>_PUBLIC=1)', () => {
  it('forwards an authorization_code grant with its verifier to the configured URL, as JSON for Convert, with no secret', async () => {
    const { proxy, upstream } = setup({ env: PUBLIC_ENV });
    const response = await proxy(post('/token/convert', form(codeGrant)));
    expect(response.status).toBe(200);
    expect(upstream.calls).toEqual([
      {
        url: 'http://127.0.0.1:9131/api/v2/auth/oauth/token',
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'authorization_code',
          code: 'the-code',
          redirect_uri: REDIRECT_URI,
          code_verifier: codeGrant.code_verifier,
          client_id: 'cv-public-id',
        }),
      },
    ]);
  });

  it('forwards a refresh_token grant with no secret', async () => {
    const { proxy, upstream } = setup({ env: PUBLIC_ENV });
    expect((await proxy(post('/token/convert', form(refreshGrant)))).status).toBe(200);
    expect(upstream.calls[0]?.body).toBe(
      '{"grant_type":"refresh_token","refresh_token":"rt-1","client_id":"cv-public-id"}',
    );
    expect(upstream.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('keeps form encoding where the provider uses it, and revokes with the client id only', async () => {
    const { proxy, upstream } = setup({ env: PUBLIC_ENV });
    await proxy(post('/token/sandbox-public', form(refreshGrant)));
    await proxy(post('/revoke/sandbox-public', form({ token: 'rt-1', client_id: 'x' })));
    expect(
      upstream.calls.map((call) => [call.url, call.headers['content-type'], call.body]),
    ).toEqual([
      [
        'http://127.0.0.1:9999/oauth/token',
        'application/x-www-form-urlencoded',
        'grant_type=refresh_token&refresh_token=rt-1&client_id=sb-public-id',
      ],
      [
        'http://127.0.0.1:9999/oauth/revoke',
        'application/x-www-form-urlencoded',
        'token=rt-1&client_id=sb-public-id',
      ],
    ]);
  });

  const refused: [string, () => Request, number, string][] = [
    [
      'a password grant',
      () => post('/token/convert', form({ grant_type: 'password', username: 'u', password: 'p' })),
      400,
      'unsupported_grant_type',
    ],
    [
      'a client_credentials grant',
      () => post('/token/convert', form({ grant_type: 'client_credentials' })),
      400,
      'unsupported_grant_type',
    ],
    [
      'a code without its verifier',
      () => post('/token/convert', form({ ...codeGrant, code_verifier: '' })),
      400,
      'invalid_request',
    ],
    [
      'a redirect_uri on another origin',
      () =>
        post('/token/convert', form({ ...codeGrant, redirect_uri: `${OTHER_ORIGIN}/callback` })),
      400,
      'redirect_uri_not_allowed',
    ],
    [
      'another origin',
      () => post('/token/convert', form(codeGrant), { origin: OTHER_ORIGIN }),
      403,
      'origin_not_allowed',
    ],
    [
      'no origin',
      () =>
        new Request('https://proxy.example/token/convert', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form(codeGrant),
        }),
      403,
      'origin_not_allowed',
    ],
    [
      'a JSON body',
      () => post('/token/convert', '{}', { 'content-type': 'application/json' }),
      415,
      'unsupported_media_type',
    ],
    [
      'a body over 16 KiB',
      () => post('/token/convert', form({ ...codeGrant, code: 'c'.repeat(17_000) })),
      413,
      'request_too_large',
    ],
    [
      'a repeated parameter',
      () => post('/token/convert', `${form(codeGrant)}&code=again`),
      400,
      'invalid_request',
    ],
  ];

  it.each(refused)(
    'still refuses %s without calling upstream',
    async (_name, request, status, error) => {
      const { proxy, upstream } = setup({ env: PUBLIC_ENV });
      const response = await proxy(request());
      expect(response.status).toBe(status);
      expect((await errorOf(response)).error).toBe(error);
      expect(upstream.calls).toHaveLength(0);
      if (status !== 403) expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    },
  );

  it('rebuilds a public provider error answer too', async () => {
    const { proxy } = setup({
      env: PUBLIC_ENV,
      answer: () => Response.json({ error: 'invalid_grant', debug: 'x' }, { status: 400 }),
    });
    const response = await proxy(post('/token/convert', form(codeGrant)));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_grant' });
  });

  it('refuses a secret alongside PUBLIC=1, and names PUBLIC when a secret is missing', () => {
    const problems = (env: Env): readonly string[] => {
      try {
        loadConfig(testEnv(env));
        return [];
      } catch (error) {
        return (error as ProxyConfigError).problems;
      }
    };
    expect(problems({ ...PUBLIC_ENV, KEYFOB_CONVERT_CLIENT_SECRET: 'cv-secret' })).toEqual([
      'KEYFOB_CONVERT_CLIENT_SECRET must not be set with KEYFOB_CONVERT_PUBLIC=1',
    ]);
    expect(problems({ ...PUBLIC_ENV, KEYFOB_CONVERT_PUBLIC: undefined })).toEqual([
      'KEYFOB_CONVERT_CLIENT_SECRET is required for provider "convert" (or KEYFOB_CONVERT_PUBLIC=1 for a public client)',
    ]);
    expect(problems({ ...PUBLIC_ENV, KEYFOB_CONVERT_CLIENT_ID: undefined })).toEqual([
      'KEYFOB_CONVERT_CLIENT_ID is required for provider "convert"',
    ]);
    expect(loadConfig(testEnv(PUBLIC_ENV)).providers.convert).toMatchObject({
      clientId: 'cv-public-id',
      clientAuthentication: 'none',
      tokenRequestEncoding: 'json',
    });
    expect(loadConfig(testEnv(PUBLIC_ENV)).providers.convert).not.toHaveProperty('clientSecret');
  });
});
