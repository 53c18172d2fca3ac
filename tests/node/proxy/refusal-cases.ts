import { TOKEN_BODY_LIMIT } from '../../../proxy/body';
import { codeGrant, form, ORIGIN, OTHER_ORIGIN, post } from './helpers';

/** The same request as sent by a client that names no origin. */
export function withoutOrigin(request: Request): Request {
  const headers = new Headers(request.headers);
  headers.delete('origin');
  return new Request(request, { headers });
}

/** One request the proxy must refuse before calling the provider, and how it refuses it. */
export interface Case {
  name: string;
  request: () => Request;
  status: number;
  error: string;
}

const { code_verifier: _verifier, ...withoutVerifier } = codeGrant;
const { redirect_uri: _redirect, ...withoutRedirect } = codeGrant;

export const cases: Case[] = [
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
