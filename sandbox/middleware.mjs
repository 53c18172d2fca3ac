/**
 * The sandbox's own layers around oidc-provider: the Node prefix it is mounted under (with the
 * RFC 8414 location answered from its metadata), plain OAuth 2.0 mode, the outermost guard (no
 * escaping errors, CORS only for the app, revocations counted), offline_access without
 * prompt=consent, and the `/__sandbox/*` test hooks. server.mjs puts them in order.
 */
import { emptyStats, messageOf } from './stats.mjs';

/** Set on a request for the RFC 8414 location, which is answered from oidc-provider's metadata. */
const AS_METADATA = Symbol('rfc8414 metadata');

/** What RFC 8414 (§2, with RFC 9207 and RFC 7009's entries) defines; the rest is OpenID's. */
const RFC8414_FIELDS = new Set([
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'jwks_uri',
  'registration_endpoint',
  'scopes_supported',
  'response_types_supported',
  'response_modes_supported',
  'grant_types_supported',
  'token_endpoint_auth_methods_supported',
  'token_endpoint_auth_signing_alg_values_supported',
  'service_documentation',
  'ui_locales_supported',
  'op_policy_uri',
  'op_tos_uri',
  'revocation_endpoint',
  'revocation_endpoint_auth_methods_supported',
  'revocation_endpoint_auth_signing_alg_values_supported',
  'introspection_endpoint',
  'introspection_endpoint_auth_methods_supported',
  'introspection_endpoint_auth_signing_alg_values_supported',
  'code_challenge_methods_supported',
  'authorization_response_iss_parameter_supported',
]);

/**
 * The Node prefix oidc-provider is mounted under: it finds its mount path from `req.originalUrl`
 * (as under Express), so its routes and the URLs it builds carry the issuer's path. The RFC 8414
 * location, outside that prefix, is answered from the same metadata; anything else outside the
 * prefix is not this server's (a plain 404, no CORS headers).
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} callback
 * @param {{ basePath: string, mode: 'oidc' | 'oauth2' }} options
 */
export function mounted(callback, { basePath, mode }) {
  const rfc8414 = `/.well-known/oauth-authorization-server${basePath}`;
  /** @type {typeof callback} */
  return (req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    if (mode === 'oauth2' && path === rfc8414 && ['GET', 'HEAD', 'OPTIONS'].includes(req.method ?? '')) {
      // Answered by oidc-provider's own discovery route, inside the prefix.
      Object.assign(req, { [AS_METADATA]: true });
      return route(`${basePath}/.well-known/openid-configuration`);
    }
    return route(url);

    /** @param {string} target */
    function route(target) {
      if (basePath === '') {
        req.url = target;
        return callback(req, res);
      }
      const targetPath = target.split('?')[0] ?? '';
      if (targetPath === basePath || targetPath.startsWith(`${basePath}/`)) {
        Object.assign(req, { originalUrl: target, url: target.slice(basePath.length) || '/' });
        return callback(req, res);
      }
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('Not found\n');
    }
  };
}

/**
 * Plain OAuth 2.0: the RFC 8414 document is oidc-provider's metadata reduced to RFC 8414's fields
 * (no `openid` scope), the OpenID location answers a 404 with no CORS headers, and `openid` is
 * taken out of every authorization request, so no ID token is ever issued.
 */
/** @param {import('oidc-provider').default} provider */
export function plainOAuth(provider) {
  const authorizationPath = provider.pathFor('authorization', { mountPath: '' });
  /** @param {import('oidc-provider').KoaContextWithOIDC} ctx @param {() => Promise<void>} next */
  return async (ctx, next) => {
    if (ctx.path === '/.well-known/openid-configuration') {
      if (!ctx.req[AS_METADATA]) {
        ctx.status = 404;
        ctx.type = 'text';
        ctx.body = 'Not found\n';
        return;
      }
      await next();
      if (ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
        const metadata = Object.fromEntries(
          Object.entries(ctx.body).filter(([name]) => RFC8414_FIELDS.has(name)),
        );
        if (Array.isArray(metadata.scopes_supported)) {
          metadata.scopes_supported = metadata.scopes_supported.filter((scope) => scope !== 'openid');
        }
        ctx.body = metadata;
      }
      return;
    }
    if (ctx.path === authorizationPath && (ctx.method === 'GET' || ctx.method === 'POST')) {
      const query = new URLSearchParams(ctx.querystring);
      const scope = query.get('scope');
      if (scope !== null) {
        query.set('scope', scope.split(' ').filter((s) => s && s !== 'openid').join(' '));
        query.delete('nonce');
        ctx.querystring = query.toString();
      }
    }
    await next();
  };
}

/**
 * Outermost middleware: never let an error escape (the sandbox must not crash or hang), take the
 * CORS headers oidc-provider adds to discovery/jwks (and to preflights) away from any origin that
 * is not the app's, and count revocation requests.
 * @param {import('oidc-provider').default} provider
 * @param {string[]} appOrigins
 * @param {import('./stats.mjs').SandboxStats} stats
 */
export function guard(provider, appOrigins, stats) {
  const allowed = new Set(appOrigins);
  // Paths as koa sees them, below the mount prefix.
  const revocationPath = provider.pathFor('revocation', { mountPath: '' });
  /** @param {import('oidc-provider').KoaContextWithOIDC} ctx @param {() => Promise<void>} next */
  return async (ctx, next) => {
    try {
      if (ctx.method === 'POST' && ctx.path === revocationPath) stats.revocation += 1;
      await next();
    } catch (err) {
      console.error(`sandbox: ${ctx.method} ${ctx.path} failed: ${messageOf(err)}`);
      ctx.status = 500;
      ctx.body = { error: 'server_error', error_description: 'The sandbox failed; see its log.' };
    }
    const origin = ctx.get('Origin');
    if (origin && !allowed.has(origin)) {
      for (const name of Object.keys(ctx.response.headers)) {
        if (name.toLowerCase().startsWith('access-control-')) ctx.remove(name);
      }
    }
  };
}

/**
 * oidc-provider drops `offline_access` from an authorization request unless it also says
 * `prompt=consent` (OpenID Connect Core 11), so no refresh token would ever be issued to a plain
 * OAuth client. Many real providers honour the scope alone; the sandbox does too by adding
 * `prompt=consent` when offline_access is asked for and no prompt was given. Our sign-in page
 * grants consent anyway, so nothing changes for the person. An explicit prompt is left alone.
 * @param {import('oidc-provider').default} provider
 */
export function offlineAccessNeedsNoPrompt(provider) {
  const authorizationPath = provider.pathFor('authorization', { mountPath: '' });
  /** @param {import('oidc-provider').KoaContextWithOIDC} ctx @param {() => Promise<void>} next */
  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === authorizationPath) {
      const query = new URLSearchParams(ctx.querystring);
      if (!query.has('prompt') && query.get('scope')?.split(' ').includes('offline_access')) {
        query.set('prompt', 'consent');
        ctx.querystring = query.toString();
      }
    }
    await next();
  };
}

/**
 * `GET /__sandbox/stats` and `POST /__sandbox/reset`, for Node test code: no CORS on purpose.
 * @param {import('./stats.mjs').SandboxStats} stats
 */
export function testHooks(stats) {
  /** @param {import('oidc-provider').KoaContextWithOIDC} ctx @param {() => Promise<void>} next */
  return async (ctx, next) => {
    if (ctx.path === '/__sandbox/stats' && ctx.method === 'GET') {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = stats;
    } else if (ctx.path === '/__sandbox/reset' && ctx.method === 'POST') {
      Object.assign(stats, emptyStats());
      ctx.status = 204;
    } else {
      await next();
    }
  };
}
