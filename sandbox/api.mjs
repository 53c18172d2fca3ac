/**
 * The sandbox's protected resource, `GET /api/me`, on the same origin as the provider so that
 * opaque access tokens can be checked directly in oidc-provider's store: this is what "calls the
 * API with the stored credential" means in the tests, including expiry and revocation.
 */
import { DEMO_ACCOUNT } from './config.mjs';

const BEARER = /^Bearer +([\x21-\x7e]+)$/;

/**
 * @param {import('oidc-provider').default} provider
 * @param {{ appOrigins: string[], stats: { api: number } }} options
 */
export function apiRoutes(provider, { appOrigins, stats }) {
  const allowed = new Set(appOrigins);
  /** @param {any} ctx @param {() => Promise<void>} next */
  return async function api(ctx, next) {
    if (ctx.path !== '/api' && !ctx.path.startsWith('/api/')) return next();
    const origin = ctx.get('Origin');
    ctx.vary('Origin');
    ctx.set('Cache-Control', 'no-store');
    // Every answer under /api, a 404 included, is one the app may read: an API that hides its
    // errors from the browser makes them look like network failures.
    if (origin && allowed.has(origin)) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Expose-Headers', 'WWW-Authenticate');
    }
    if (ctx.path !== '/api/me' && ctx.method !== 'OPTIONS') {
      ctx.status = 404;
      ctx.body = { error: 'not_found', error_description: `No API route ${ctx.path}.` };
      return;
    }
    if (ctx.method === 'OPTIONS') {
      if (origin && allowed.has(origin)) {
        ctx.set('Access-Control-Allow-Methods', 'GET');
        ctx.set('Access-Control-Allow-Headers', ctx.get('Access-Control-Request-Headers') || 'Authorization');
        ctx.set('Access-Control-Max-Age', '600');
      }
      ctx.status = 204;
      return;
    }
    if (ctx.method !== 'GET') {
      ctx.set('Allow', 'GET, OPTIONS');
      ctx.status = 405;
      return;
    }
    stats.api += 1;
    const presented = BEARER.exec(ctx.get('Authorization'))?.[1];
    const token = presented ? await findAccessToken(provider, presented) : undefined;
    if (!token) {
      const error_description = presented ? 'The access token is invalid, expired or revoked.' : 'No bearer token was sent.';
      ctx.status = 401;
      ctx.set('WWW-Authenticate', `Bearer error="invalid_token", error_description="${error_description}"`);
      ctx.body = { error: 'invalid_token', error_description };
      return;
    }
    ctx.body = { sub: token.accountId, name: DEMO_ACCOUNT.name, email: DEMO_ACCOUNT.email, scope: token.scope ?? '' };
  };
}

/** find() already refuses expired tokens; the second check keeps that true whatever the adapter. */
async function findAccessToken(provider, value) {
  try {
    const token = await provider.AccessToken.find(value);
    return token && !token.isExpired ? token : undefined;
  } catch {
    return undefined;
  }
}
