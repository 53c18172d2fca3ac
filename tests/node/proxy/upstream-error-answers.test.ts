import { describe, expect, it } from 'vitest';
import { basicAuthorization } from '../../../proxy/oauth-body';
import { CC_SECRET, codeGrant, errorOf, form, post, setup } from './helpers';

/**
 * What the proxy passes on of a provider's answer: only the OAuth error fields, bounded, and nothing
 * that echoes the client secret in any encoding.
 */
describe('upstream answers', () => {
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
});
