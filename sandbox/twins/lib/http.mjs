/**
 * HTTP plumbing shared by the twins: reading and parsing request bodies, writing JSON, HTML and
 * redirects, and CORS. Kept on bare node:http on purpose: a twin must show exactly what goes over
 * the wire (status, headers, body), with no framework adding headers of its own.
 */
import { createServer } from 'node:http';

/** Bodies larger than this are refused: no twin endpoint takes more than a small JSON document. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Reads the whole request body.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The media type of a request, lower-cased and without parameters ("application/json").
 * @param {import('node:http').IncomingMessage} req
 */
export function mediaType(req) {
  return (String(req.headers['content-type'] ?? '').split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * Parses a body by its declared media type. The twins care which encoding a client used (Convert
 * refuses forms, CloudConvert refuses JSON), so the kind is returned next to the data instead of
 * being guessed from the bytes.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<{ kind: 'json' | 'form' | 'empty' | 'other' | 'invalid-json',
 *   params: Record<string, unknown> }>}
 */
export async function parseBody(req) {
  const raw = await readBody(req);
  const type = mediaType(req);
  if (raw.length === 0) return { kind: 'empty', params: {} };
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const value = JSON.parse(raw.toString('utf8'));
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return { kind: 'invalid-json', params: {} };
      }
      return { kind: 'json', params: value };
    } catch {
      return { kind: 'invalid-json', params: {} };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { kind: 'form', params: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
  }
  return { kind: 'other', params: {} };
}

/**
 * A string parameter, or undefined when absent or not a string (a JSON body may carry anything).
 * @param {Record<string, unknown>} params
 * @param {string} name
 */
export function str(params, name) {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Writes a JSON response. Token and API answers are never cacheable (RFC 6749 5.1).
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string | number>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    ...headers,
  });
  res.end(text);
}

/**
 * Writes an empty response (revocation answers 200 with no body, preflights 204).
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {Record<string, string | number>} [headers]
 */
export function sendEmpty(res, status, headers = {}) {
  res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
  res.end();
}

/**
 * Writes an HTML page with headers that keep it self-contained: no scripts, no external
 * resources, not framable, no referrer leaking the query (which carries state and challenge).
 * No `form-action` directive: Chrome applies it to the redirect after the consent form is
 * submitted, which would block the 302 back to the app.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} html
 */
export function sendHtml(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(html);
}

/**
 * Writes a 302 to `location` with the given query parameters added (undefined ones skipped).
 * @param {import('node:http').ServerResponse} res
 * @param {string} location
 * @param {Record<string, string | undefined>} params
 */
export function redirectWith(res, location, params) {
  const target = new URL(location);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) target.searchParams.set(name, value);
  }
  res.writeHead(302, {
    Location: target.href,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  });
  res.end();
}

/**
 * @typedef {object} CorsPolicy
 * @property {boolean} enabled `cors: false` drops every CORS header, so that the app's "probably
 *   blocked by CORS" path can be exercised against an otherwise healthy twin.
 * @property {readonly string[]} origins exact origins (scheme://host:port) allowed to read answers
 * @property {readonly string[]} allowHeaders request headers a preflight may ask for (lower case)
 * @property {readonly string[]} exposeHeaders response headers the page may read
 */

/**
 * Adds CORS headers for an allowed origin and answers preflights. Only exact origins match: no
 * wildcard, no credentials (the app sends tokens in headers, never cookies).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {CorsPolicy} policy
 * @returns {boolean} true when the request was a preflight and has been answered
 */
export function applyCors(req, res, policy) {
  const origin = req.headers.origin;
  const preflight =
    req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  const allowed = policy.enabled && typeof origin === 'string' && policy.origins.includes(origin);
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (policy.exposeHeaders.length > 0) {
      res.setHeader('Access-Control-Expose-Headers', policy.exposeHeaders.join(', '));
    }
  }
  if (policy.enabled) res.setHeader('Vary', 'Origin');
  if (!preflight) return false;
  if (allowed) {
    // Answer with the fixed list, not an echo of what was asked: a header outside the list then
    // fails in the browser exactly as it would against a strict real server.
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': policy.allowHeaders.join(', '),
      'Access-Control-Max-Age': '600',
    });
  } else {
    res.writeHead(204);
  }
  res.end();
  return true;
}

/**
 * Escapes text for HTML element content and attribute values.
 * @param {unknown} value
 */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Parses `Authorization: Bearer <token>`; undefined when absent or another scheme.
 * @param {import('node:http').IncomingMessage} req
 */
export function bearerToken(req) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
  return match?.[1];
}

/**
 * Parses `Authorization: Basic base64(user:password)`; undefined when absent or malformed.
 * @param {import('node:http').IncomingMessage} req
 * @returns {{ user: string, password: string } | undefined}
 */
export function basicCredentials(req) {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(String(req.headers.authorization ?? ''));
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Starts an HTTP server on `host:port` (0 = a free port). A handler that throws answers with the
 * error's `status` (500 when it has none), or drops the connection if the answer has begun.
 * @param {string} host
 * @param {number} port
 * @param {(req: import('node:http').IncomingMessage,
 *   res: import('node:http').ServerResponse) => Promise<void>} handler
 * @returns {Promise<{ port: number, close: () => Promise<void> }>}
 */
export async function listenOn(host, port, handler) {
  const server = createServer((req, res) => {
    handler(req, res).catch((error) => {
      const status = typeof error?.status === 'number' ? error.status : 500;
      if (!res.headersSent) sendJson(res, status, { message: String(error?.message ?? error) });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}
