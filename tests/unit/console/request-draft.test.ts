import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  checkPath,
  parseHeaderLines,
  type RequestDraft,
} from '../../../src/features/connections/console/request-draft';

const draft = (overrides: Partial<RequestDraft>): RequestDraft => ({
  method: 'GET',
  path: '/me',
  headers: '',
  body: '',
  ...overrides,
});

describe('Headers: one "Name: value" a line', () => {
  it('reads names and values, trimmed, skipping blank lines; a colon may sit in the value', () => {
    expect(
      parseHeaderLines('X-Request-Id: 42\n\n  Accept:application/json \r\nX-Time: 12:30'),
    ).toEqual([
      ['X-Request-Id', '42'],
      ['Accept', 'application/json'],
      ['X-Time', '12:30'],
    ]);
  });

  it.each([
    'no colon here',
    ': value without a name',
    'Bad Name: x',
    'X-Ok: fine\nX-Bell: \u0007',
    'X-Price: 5 \u20ac',
  ])('refuses a malformed line (%j) and says which', (text) => {
    expect(parseHeaderLines(text)).toMatchObject({ field: 'headers', code: 'HEADER_MALFORMED' });
  });

  it.each([
    'Authorization',
    'authorization',
    'DPoP',
    'Cookie',
    'Host',
    'Proxy-Authorization',
    'Sec-Fetch-Mode',
    'Content-Length',
  ])('refuses %s: Keyfob presents the credential, the browser sets the rest', (name) => {
    const result = parseHeaderLines(`X-Fine: 1\n${name}: Bearer typed-by-hand`);
    expect(result).toMatchObject({ field: 'headers', code: 'HEADER_REFUSED' });
    expect((result as { message: string }).message).toMatch(/^Line 2: /);
  });
});

describe('Path: under the API base, nowhere else', () => {
  it.each(['/me', 'me', '/v2/users/me?x=1', '/forms/a..b', '/files/..%2F'])(
    'accepts %s',
    (path) => {
      expect(checkPath(path)).toBeUndefined();
    },
  );

  it.each([
    'https://evil.test/me',
    'HTTP://api.example.test/v1/me',
    'javascript:alert(1)',
    '//evil.test/me',
    '/../admin',
    '/v1/%2e%2e/admin',
    '/a/.%2E/b',
    '\\\\evil.test\\me',
    '   ',
  ])('refuses %j with PATH_REFUSED', (path) => {
    expect(checkPath(path)).toMatchObject({ field: 'path', code: 'PATH_REFUSED' });
  });
});

describe('Body: JSON, checked before sending', () => {
  it('sends JSON as typed, with Content-Type: application/json unless a header says otherwise', () => {
    expect(
      buildRequest(
        draft({ method: 'POST', path: ' /echo ', headers: 'X-Test: yes', body: '{"a": 1}' }),
      ),
    ).toEqual({
      path: '/echo',
      init: {
        method: 'POST',
        headers: [
          ['X-Test', 'yes'],
          ['Content-Type', 'application/json'],
        ],
        body: '{"a": 1}',
      },
    });
    const typed = buildRequest(
      draft({ method: 'PUT', headers: 'content-type: application/merge-patch+json', body: '{}' }),
    );
    expect(typed).toMatchObject({
      init: { headers: [['content-type', 'application/merge-patch+json']] },
    });
  });

  it('shows the parse error for a body that is not JSON', () => {
    const result = buildRequest(draft({ method: 'PATCH', body: '{"a": 1,}' }));
    expect(result).toMatchObject({ field: 'body', code: 'BODY_NOT_JSON' });
    expect((result as { message: string }).message).toMatch(/^The body is not JSON: .+/);
  });

  it('sends no body for GET and DELETE, whatever the textarea holds', () => {
    for (const method of ['GET', 'DELETE'] as const) {
      expect(buildRequest(draft({ method, body: 'not even JSON' }))).toEqual({
        path: '/me',
        init: { method, headers: [] },
      });
    }
  });

  it('checks the path first, then the headers, then the body', () => {
    expect(buildRequest(draft({ path: '//x', headers: 'bad', body: '{' }))).toMatchObject({
      field: 'path',
    });
    expect(buildRequest(draft({ method: 'POST', headers: 'bad', body: '{' }))).toMatchObject({
      field: 'headers',
    });
  });
});
