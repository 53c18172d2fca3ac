import { describe, expect, it } from 'vitest';
import {
  CC_SECRET,
  codeGrant,
  form,
  ORIGIN,
  post,
  REDIRECT_URI,
  SANDBOX_ID,
  SANDBOX_SECRET,
  setup,
} from './helpers';

/** Exactly what reaches the provider, header by header and byte by byte. */

const VERIFIER = codeGrant.code_verifier;
const ENCODED_REDIRECT = 'https%3A%2F%2Fapp.example%2Fcallback';
// URLSearchParams (WHATWG form-urlencoded) bytes of CC_SECRET.
const ENCODED_CC_SECRET = 'sEcr3t%3Awith+spaces%26%3D%2B%2F%25';

describe('POST /token/:id', () => {
  it('forwards a code grant form-encoded with client_secret_post, replacing client_id and dropping unknowns', async () => {
    const { proxy, upstream } = setup();
    const response = await proxy(
      post(
        '/token/cloudconvert',
        `${form(codeGrant)}&audience=x&client_secret=browser-guess&token_endpoint=https%3A%2F%2Fevil.example`,
      ),
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: 'at-123',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: 'rt-456',
    });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);

    expect(upstream.calls).toEqual([
      {
        url: 'https://cloudconvert.com/oauth/token',
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `grant_type=authorization_code&code=the-code&redirect_uri=${ENCODED_REDIRECT}&code_verifier=${VERIFIER}&client_id=cc-id&client_secret=${ENCODED_CC_SECRET}`,
      },
    ]);
    expect(upstream.requests[0]?.redirect).toBe('manual');
    expect(new URLSearchParams(upstream.calls[0]?.body).get('client_secret')).toBe(CC_SECRET);
  });

  it('forwards a refresh grant with its scope', async () => {
    const { proxy, upstream } = setup();
    await proxy(
      post(
        '/token/cloudconvert',
        form({
          grant_type: 'refresh_token',
          refresh_token: 'rt-1',
          scope: 'user.read task.write',
          client_id: 'x',
        }),
      ),
    );
    expect(upstream.calls[0]?.body).toBe(
      `grant_type=refresh_token&refresh_token=rt-1&scope=user.read+task.write&client_id=cc-id&client_secret=${ENCODED_CC_SECRET}`,
    );
  });

  it('sends JSON where the catalog says tokenRequestEncoding json', async () => {
    const { proxy, upstream } = setup();
    const response = await proxy(post('/token/convert', form(codeGrant)));
    expect(response.status).toBe(200);
    expect(upstream.calls).toEqual([
      {
        url: 'https://api.convert.com/api/v2/auth/oauth/token',
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: `{"grant_type":"authorization_code","code":"the-code","redirect_uri":"${REDIRECT_URI}","code_verifier":"${VERIFIER}","client_id":"cv-id","client_secret":"cv-secret"}`,
      },
    ]);
  });

  it('uses an RFC 6749 2.3.1 Basic header for client_secret_basic, with nothing in the body', async () => {
    const { proxy, upstream } = setup();
    await proxy(post('/token/sandbox-confidential', form(codeGrant)));
    // "sandbox client:1" -> "sandbox+client%3A1", "p@ss w/rd~*" -> "p%40ss+w%2Frd%7E%2A"
    expect('sandbox+client%3A1:p%40ss+w%2Frd%7E%2A').toBe(
      `${encodeForm(SANDBOX_ID)}:${encodeForm(SANDBOX_SECRET)}`,
    );
    expect(upstream.calls).toEqual([
      {
        url: 'http://127.0.0.1:9999/oauth/token',
        method: 'POST',
        headers: {
          accept: 'application/json',
          authorization: `Basic ${Buffer.from('sandbox+client%3A1:p%40ss+w%2Frd%7E%2A').toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `grant_type=authorization_code&code=the-code&redirect_uri=${ENCODED_REDIRECT}&code_verifier=${VERIFIER}`,
      },
    ]);
  });

  it('uses Basic with a JSON body when both are configured', async () => {
    const { proxy, upstream } = setup({
      env: { KEYFOB_SANDBOX_CONFIDENTIAL_TOKEN_ENCODING: 'json' },
    });
    await proxy(
      post(
        '/token/sandbox-confidential',
        form({ grant_type: 'refresh_token', refresh_token: 'rt' }),
      ),
    );
    expect(upstream.calls[0]?.headers['content-type']).toBe('application/json');
    expect(upstream.calls[0]?.headers.authorization).toMatch(/^Basic /);
    expect(upstream.calls[0]?.body).toBe('{"grant_type":"refresh_token","refresh_token":"rt"}');
  });

  it("passes the provider's error status and JSON body through", async () => {
    const { proxy } = setup({
      answer: () =>
        Response.json({ error: 'invalid_grant', error_description: 'code used' }, { status: 400 }),
    });
    const response = await proxy(post('/token/cloudconvert', form(codeGrant)));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'code used',
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('accepts a form content type with a charset', async () => {
    const { proxy, upstream } = setup();
    const response = await proxy(
      post('/token/cloudconvert', form(codeGrant), {
        'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
      }),
    );
    expect(response.status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
  });
});

describe('POST /revoke/:id', () => {
  it('forwards token and token_type_hint with the client credentials, and passes an empty 200 through', async () => {
    const { proxy, upstream } = setup({ answer: () => new Response(null, { status: 200 }) });
    const response = await proxy(
      post(
        '/revoke/videoask',
        form({ token: 'rt-456', token_type_hint: 'refresh_token', client_id: 'x', extra: 'y' }),
      ),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(upstream.calls).toEqual([
      {
        url: 'https://auth.videoask.com/oauth/revoke',
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'token=rt-456&token_type_hint=refresh_token&client_id=va-id&client_secret=va-secret',
      },
    ]);
  });

  it('uses Basic for client_secret_basic providers', async () => {
    const { proxy, upstream } = setup({ answer: () => new Response(null) });
    await proxy(post('/revoke/sandbox-confidential', form({ token: 'at' })));
    expect(upstream.calls[0]?.url).toBe('http://127.0.0.1:9999/oauth/revoke');
    expect(upstream.calls[0]?.headers.authorization).toMatch(/^Basic /);
    expect(upstream.calls[0]?.body).toBe('token=at');
  });

  it('passes a JSON error through', async () => {
    const { proxy } = setup({
      answer: () => Response.json({ error: 'unsupported_token_type' }, { status: 400 }),
    });
    const response = await proxy(post('/revoke/videoask', form({ token: 't' })));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'unsupported_token_type' });
  });
});

/** Independent of the implementation: RFC 6749 Appendix B, everything but A-Z a-z 0-9 encoded. */
function encodeForm(value: string): string {
  return [...new TextEncoder().encode(value)]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (/[A-Za-z0-9]/.test(char)) return char;
      if (char === ' ') return '+';
      return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}
