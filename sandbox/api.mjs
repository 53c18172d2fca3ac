/**
 * The sandbox's protected resource, `GET /api/me` (and `/api/echo`, which answers what it got), on the same origin as the provider so that
 * opaque access tokens can be checked directly in oidc-provider's store: this is what "calls the
 * API with the stored credential" means in the tests, including expiry and revocation.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { DEMO_ACCOUNT } from './config.mjs';

const BEARER = /^Bearer +([\x21-\x7e]+)$/;
const DPOP = /^DPoP +([\x21-\x7e]+)$/;
const b64u = (/** @type {Buffer} */ bytes) => bytes.toString('base64url');

/**
 * Checks a DPoP proof for an API call (RFC 9449 4.3 and 7): a dpop+jwt signed with ES256 by the
 * key in its header, whose thumbprint (RFC 7638) is the token's `jkt`, for this method and URL,
 * with `ath` the hash of this token and a fresh `iat`. Returns why not, or undefined.
 * @param {string | undefined} proof @param {{ method: string, url: string }} request
 * @param {string} token @param {string} jkt
 */
export function dpopProblem(proof, request, token, jkt) {
  if (!proof) return 'no DPoP proof';
  const [h, p, s] = proof.split('.');
  /** @type {any} */ let header;
  /** @type {any} */ let payload;
  try {
    header = JSON.parse(Buffer.from(h ?? '', 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString('utf8'));
  } catch {
    return 'a malformed DPoP proof';
  }
  if (header?.typ !== 'dpop+jwt' || header.alg !== 'ES256' || header.jwk?.kty !== 'EC') return 'not an ES256 dpop+jwt';
  const { crv, kty, x, y } = header.jwk;
  const key = createPublicKey({ key: { crv, kty, x, y }, format: 'jwk' });
  const signed = verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s ?? '', 'base64url'));
  if (!signed) return 'a bad DPoP signature';
  if (b64u(createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest()) !== jkt) return 'a proof by another key than the token is bound to';
  if (payload.htm !== request.method || payload.htu !== request.url) return 'a proof for another request';
  if (payload.ath !== b64u(createHash('sha256').update(token).digest())) return 'a proof for another token (ath)';
  if (typeof payload.iat !== 'number' || Math.abs(Date.now() / 1000 - payload.iat) > 60) return 'a stale DPoP proof';
  return undefined;
}

/**
 * @param {import('oidc-provider').default} provider
 * @param {{ appOrigins: string[], stats: { api: number } }} options
 */
export function apiRoutes(provider, { appOrigins, stats }) {
  const allowed = new Set(appOrigins);
  /** @param {import('oidc-provider').KoaContextWithOIDC} ctx @param {() => Promise<void>} next */
  return async function api(ctx, next) {
    if (ctx.path !== '/api' && !ctx.path.startsWith('/api/')) return next();
    const origin = ctx.get('Origin');
    ctx.vary('Origin');
    ctx.set('Cache-Control', 'no-store');
    // Every answer under /api, a 404 included, is one the app may read: an API that hides its
    // errors from the browser makes them look like network failures.
    if (origin && allowed.has(origin)) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Expose-Headers', 'WWW-Authenticate, DPoP-Nonce');
    }
    const methods = ROUTES[ctx.path];
    if (!methods && ctx.method !== 'OPTIONS') {
      ctx.status = 404;
      ctx.body = { error: 'not_found', error_description: `No API route ${ctx.path}.` };
      return;
    }
    if (ctx.method === 'OPTIONS') {
      if (origin && allowed.has(origin)) {
        ctx.set('Access-Control-Allow-Methods', (methods ?? ['GET']).join(', '));
        ctx.set('Access-Control-Allow-Headers', ctx.get('Access-Control-Request-Headers') || 'Authorization');
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.status = 204;
      return;
    }
    if (!methods?.includes(ctx.method)) {
      ctx.set('Allow', [...(methods ?? ['GET']), 'OPTIONS'].join(', '));
      ctx.status = 405;
      return;
    }
    stats.api += 1;
    const authorization = ctx.get('Authorization');
    const dpopScheme = DPOP.exec(authorization)?.[1];
    const presented = BEARER.exec(authorization)?.[1] ?? dpopScheme;
    const token = presented ? await findAccessToken(provider, presented) : undefined;
    // A DPoP-bound token is worth nothing without a proof of its key (RFC 9449 7.1).
    if (presented && token?.jkt) {
      const url = `${ctx.protocol}://${ctx.host}${ctx.originalUrl.split('?')[0]}`;
      const why = dpopScheme ? dpopProblem(ctx.get('DPoP') || undefined, { method: ctx.method, url }, presented, token.jkt) : 'the Bearer scheme';
      if (why) {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', `DPoP algs="ES256", error="invalid_dpop_proof", error_description="A DPoP-bound token came with ${why}."`);
        ctx.body = { error: 'invalid_dpop_proof', error_description: `A DPoP-bound token came with ${why}.` };
        return;
      }
    }
    if (!token) {
      const error_description = presented ? 'The access token is invalid, expired or revoked.' : 'No bearer token was sent.';
      ctx.status = 401;
      ctx.set('WWW-Authenticate', `Bearer error="invalid_token", error_description="${error_description}"`);
      ctx.body = { error: 'invalid_token', error_description };
      return;
    }
    if (ctx.path === '/api/echo') {
      await echo(ctx, token);
      return;
    }
    ctx.body = { sub: token.accountId, name: DEMO_ACCOUNT.name, email: DEMO_ACCOUNT.email, scope: token.scope ?? '', token_type: token.jkt ? 'DPoP' : 'Bearer' };
  };
}

/** The routes under /api and the methods each takes. */
const ROUTES = /** @type {Record<string, string[] | undefined>} */ ({
  '/api/me': ['GET'],
  '/api/echo': ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
});
/** Request headers an echo leaves out: the credential and what the browser adds on its own. */
const UNECHOED = /^(authorization|dpop|cookie|host|origin|referer|connection|content-length|accept-encoding|accept-language|user-agent|sec-.*)$/i;
const ECHO_LIMIT = 64 * 1024;

/**
 * `/api/echo` answers what it received, once the access token was checked: the method, the
 * request's own headers (never the credential) and its JSON body, so a test can prove that a
 * POST with a custom header and a body arrived as sent. A body that is not JSON is a 400.
 * @param {any} ctx @param {{ accountId: string }} token
 */
async function echo(ctx, token) {
  const chunks = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > ECHO_LIMIT) {
      ctx.status = 413;
      ctx.body = { error: 'too_large', error_description: `Bodies up to ${ECHO_LIMIT} bytes.` };
      return;
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  /** @type {unknown} */ let body = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      ctx.status = 400;
      ctx.body = { error: 'invalid_json', error_description: 'The request body is not JSON.' };
      return;
    }
  }
  const headers = Object.fromEntries(Object.entries(ctx.headers).filter(([name]) => !UNECHOED.test(name)));
  ctx.body = { method: ctx.method, path: ctx.path, headers, body, sub: token.accountId };
}

/**
 * find() already refuses expired tokens; the second check keeps that true whatever the adapter.
 * @param {import('oidc-provider').default} provider
 * @param {string} value
 */
async function findAccessToken(provider, value) {
  try {
    const token = await provider.AccessToken.find(value);
    return token && !token.isExpired ? token : undefined;
  } catch {
    return undefined;
  }
}
