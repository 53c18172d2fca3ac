/**
 * What a person types into the API console, checked before anything is sent: the path stays a
 * path (the credential only ever goes under the provider's API base), headers are `Name: value`
 * lines that may not replace the credential, and a body is JSON.
 */

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

/** Methods whose body the console does not send (RFC 9110 gives it no meaning). */
export const BODILESS: readonly Method[] = ['GET', 'DELETE'];

export interface RequestDraft {
  method: Method;
  path: string;
  /** One `Name: value` a line. */
  headers: string;
  body: string;
}

export type DraftProblemCode =
  'PATH_REFUSED' | 'HEADER_MALFORMED' | 'HEADER_REFUSED' | 'BODY_NOT_JSON';

export interface DraftProblem {
  field: 'path' | 'headers' | 'body';
  code: DraftProblemCode;
  message: string;
}

/** A checked draft, as authorizedFetch takes it. */
export interface ConsoleRequest {
  path: string;
  init: { method: Method; headers: [string, string][]; body?: string };
}

/**
 * Headers a person may not set: the ones that carry or replace a credential (Keyfob adds its own)
 * and the ones a browser forbids a page to set, which fetch would drop without a word.
 * @see https://fetch.spec.whatwg.org/#forbidden-request-header
 */
const REFUSED = new Set([
  'authorization',
  'proxy-authorization',
  'dpop',
  'cookie',
  'cookie2',
  'set-cookie',
  'host',
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'date',
  'dnt',
  'expect',
  'keep-alive',
  'origin',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);
const REFUSED_PREFIXES = ['proxy-', 'sec-'];
/** RFC 9110 5.6.2 token characters. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * Visible characters, spaces and tabs (RFC 9110 5.5); no control characters, and nothing above
 * U+00FF, which fetch's Headers refuses (a header is bytes, not text).
 */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function isRefusedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return REFUSED.has(lower) || REFUSED_PREFIXES.some((p) => lower.startsWith(p));
}

/** `Name: value` lines into pairs; blank lines are skipped. */
export function parseHeaderLines(text: string): [string, string][] | DraftProblem {
  const pairs: [string, string][] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    const value = line.slice(colon + 1).trim();
    if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) {
      return {
        field: 'headers',
        code: 'HEADER_MALFORMED',
        message: `Line ${index + 1} is not a header: write one "Name: value" a line.`,
      };
    }
    if (isRefusedHeader(name)) {
      return {
        field: 'headers',
        code: 'HEADER_REFUSED',
        message: `Line ${index + 1}: ${name} cannot be set here. Keyfob adds the credential itself, and the browser sets ${name.toLowerCase().startsWith('sec-') ? 'sec- headers' : 'the rest'}.`,
      };
    }
    pairs.push([name, value]);
  }
  return pairs;
}

/**
 * Refuses what is not a plain path before apiUrl's origin and base-path check sees it: an absolute
 * URL, a scheme-relative `//host`, backslashes and `..` segments (also percent-encoded), which a
 * URL parser would resolve to somewhere else than the person reads.
 */
export function checkPath(path: string): DraftProblem | undefined {
  const refuse = (why: string): DraftProblem => ({
    field: 'path',
    code: 'PATH_REFUSED',
    message: `${why} The credential is only sent under the provider's API base.`,
  });
  const trimmed = path.trim();
  if (trimmed === '') return refuse('Give a path, e.g. /me.');
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) {
    return refuse(`${trimmed} is a full URL, not a path.`);
  }
  if (trimmed.includes('\\')) return refuse('A path has no backslashes.');
  const pathPart = trimmed.replace(/[?#].*$/s, '');
  if (pathPart.split('/').some((segment) => /^(\.|%2e){2}$/i.test(segment))) {
    return refuse('A path may not climb out of the API with "..".');
  }
  return undefined;
}

/** Refuses any target but `fixedUrl` (e.g. a history entry made before the endpoint moved). */
function checkFixedUrl(path: string, fixedUrl: string): DraftProblem | undefined {
  if (path.trim() === fixedUrl) return undefined;
  return {
    field: 'path',
    code: 'PATH_REFUSED',
    message: `${path.trim()} is not the UserInfo endpoint (${fixedUrl}): the credential is only sent there.`,
  };
}

/**
 * The request a draft stands for, or the first thing wrong with it. With `fixedUrl` (a provider
 * whose only target is its UserInfo endpoint) the draft must name exactly that URL.
 */
export function buildRequest(
  draft: RequestDraft,
  fixedUrl?: string,
): ConsoleRequest | DraftProblem {
  const pathProblem =
    fixedUrl === undefined ? checkPath(draft.path) : checkFixedUrl(draft.path, fixedUrl);
  if (pathProblem) return pathProblem;
  const headers = parseHeaderLines(draft.headers);
  if (!Array.isArray(headers)) return headers;
  const path = draft.path.trim();
  if (BODILESS.includes(draft.method) || draft.body.trim() === '') {
    return { path, init: { method: draft.method, headers } };
  }
  try {
    JSON.parse(draft.body);
  } catch (error) {
    return {
      field: 'body',
      code: 'BODY_NOT_JSON',
      message: `The body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) {
    headers.push(['Content-Type', 'application/json']);
  }
  return { path, init: { method: draft.method, headers, body: draft.body } };
}

export function isProblem(value: ConsoleRequest | DraftProblem): value is DraftProblem {
  return 'code' in value;
}
