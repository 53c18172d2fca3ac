/**
 * The local authorization server for `npm start` and the tests: panva's oidc-provider with two
 * static clients, a one-click sign-in page, a protected `/api/me` and test hooks that count what
 * reached it. It only ever listens on loopback and keeps everything in memory.
 *
 * Two shapes of server: `mode: 'oidc'` (the default) is an OpenID provider with its metadata at
 * `<issuer>/.well-known/openid-configuration`; `mode: 'oauth2'` is a plain OAuth 2.0 server: RFC
 * 8414 metadata only, at `/.well-known/oauth-authorization-server<path of the issuer>`, nothing at
 * the OpenID location (a 404 with no CORS headers, as most servers send), and never an ID token.
 * `basePath` (say `/tenant/a`) serves either under an issuer with a path.
 *
 *   node sandbox/server.mjs   (SANDBOX_PORT, SANDBOX_APP_ORIGINS, SANDBOX_REDIRECT_URIS,
 *                              SANDBOX_ACCESS_TOKEN_TTL, SANDBOX_CONFIDENTIAL_SECRET,
 *                              SANDBOX_MODE, SANDBOX_BASE_PATH)
 */
import { createServer } from 'node:http';
import { isIP } from 'node:net';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import { apiRoutes } from './api.mjs';
import { defaultRedirectUris, providerConfiguration } from './config.mjs';
import { interactionRoutes } from './interaction.mjs';
import { importOidcProvider, memoryAdapter } from './quiet-oidc.mjs';
import { countTokenRequests, emptyStats } from './stats.mjs';

export { SANDBOX_PROVIDER_IDS, defaultRedirectUris } from './config.mjs';
// Loaded this way so that start-up prints no warning that does not apply here (quiet-oidc.mjs).
const Provider = await importOidcProvider();

export const DEFAULT_APP_ORIGINS = ['http://127.0.0.1:5173', 'http://127.0.0.1:4173'];

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

/** '' or '/a/b': leading slash, no trailing one. */
function normaliseBasePath(value = '') {
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(trimmed)) throw new Error(`sandbox: bad basePath ${value}`);
  return trimmed;
}

/**
 * @param {{ host?: string, port?: number, appOrigins?: string[], redirectUris?: string[],
 *   accessTokenTtl?: number, refreshTokenTtl?: number, confidentialSecret?: string,
 *   mode?: 'oidc' | 'oauth2', basePath?: string, dpop?: boolean }} [options]
 */
export async function startSandbox(options = {}) {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`sandbox: refusing to listen on non-loopback host ${host}`);
  const appOrigins = options.appOrigins ?? DEFAULT_APP_ORIGINS;
  const mode = options.mode ?? 'oidc';
  if (mode !== 'oidc' && mode !== 'oauth2') throw new Error(`sandbox: unknown mode ${mode}`);
  const basePath = normaliseBasePath(options.basePath);
  const settings = {
    basePath,
    appOrigins,
    redirectUris: options.redirectUris ?? defaultRedirectUris(appOrigins),
    accessTokenTtl: options.accessTokenTtl ?? 120,
    refreshTokenTtl: options.refreshTokenTtl ?? 14 * 24 * 60 * 60,
    confidentialSecret: options.confidentialSecret ?? 'sandbox-secret',
    dpop: options.dpop ?? false,
  };

  // Listen first: with port 0 the issuer, which must name the real port, is known only then.
  let handler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handler(req, res));
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9010, host, () => resolve(undefined));
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const issuer = `${origin}${basePath}`;

  const stats = emptyStats();
  const provider = new Provider(issuer, {
    ...providerConfiguration(settings),
    adapter: memoryAdapter(),
  });
  provider.on('error', (err) => console.error(`sandbox: ${err?.message ?? err}`));
  // Where oidc-provider builds its own URLs from (resume, callbacks): the issuer's path, even after
  // a middleware below rewrote the query (which hides req.originalUrl's prefix from it).
  provider.use(async (ctx, next) => {
    ctx.mountPath = basePath;
    await next();
  });
  countTokenRequests(provider, stats);
  provider.use(guard(provider, appOrigins, stats));
  provider.use(offlineAccessNeedsNoPrompt(provider));
  if (mode === 'oauth2') provider.use(plainOAuth(provider));
  provider.use(testHooks(stats));
  provider.use(apiRoutes(provider, { appOrigins, stats }));
  provider.use(interactionRoutes(provider));
  handler = mounted(provider.callback(), { basePath, mode });

  return {
    issuer,
    url: issuer,
    origin,
    mode,
    port,
    stats: () => structuredClone(stats),
    resetStats: () => void Object.assign(stats, emptyStats()),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
}

/**
 * The Node prefix oidc-provider is mounted under: it finds its mount path from `req.originalUrl`
 * (as under Express), so its routes and the URLs it builds carry the issuer's path. The RFC 8414
 * location, outside that prefix, is answered from the same metadata; anything else outside the
 * prefix is not this server's (a plain 404, no CORS headers).
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} callback
 * @param {{ basePath: string, mode: 'oidc' | 'oauth2' }} options
 */
function mounted(callback, { basePath, mode }) {
  const rfc8414 = `/.well-known/oauth-authorization-server${basePath}`;
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
      const targetPath = target.split('?')[0];
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
function plainOAuth(provider) {
  const authorizationPath = provider.pathFor('authorization', { mountPath: '' });
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

/** Loopback only: the sandbox has a fixed demo account and a known secret. */
function isLoopback(host) {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/**
 * Outermost middleware: never let an error escape (the sandbox must not crash or hang), take the
 * CORS headers oidc-provider adds to discovery/jwks (and to preflights) away from any origin that
 * is not the app's, and count revocation requests.
 */
function guard(provider, appOrigins, stats) {
  const allowed = new Set(appOrigins);
  // Paths as koa sees them, below the mount prefix.
  const revocationPath = provider.pathFor('revocation', { mountPath: '' });
  return async (ctx, next) => {
    try {
      if (ctx.method === 'POST' && ctx.path === revocationPath) stats.revocation += 1;
      await next();
    } catch (err) {
      console.error(`sandbox: ${ctx.method} ${ctx.path} failed: ${err?.message ?? err}`);
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
 */
function offlineAccessNeedsNoPrompt(provider) {
  const authorizationPath = provider.pathFor('authorization', { mountPath: '' });
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

/** `GET /__sandbox/stats` and `POST /__sandbox/reset`, for Node test code: no CORS on purpose. */
function testHooks(stats) {
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

/** @param {string | undefined} value */
function list(value) {
  return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

/** @param {string | undefined} value */
function number(value) {
  return value ? Number(value) : undefined;
}

function isMain() {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
}

/** The SANDBOX_* environment variables as startSandbox options (shared with scripts/start.mjs). */
export function optionsFromEnv(env = process.env) {
  return {
    port: number(env.SANDBOX_PORT),
    appOrigins: list(env.SANDBOX_APP_ORIGINS),
    redirectUris: list(env.SANDBOX_REDIRECT_URIS),
    accessTokenTtl: number(env.SANDBOX_ACCESS_TOKEN_TTL),
    confidentialSecret: env.SANDBOX_CONFIDENTIAL_SECRET || undefined,
    mode: env.SANDBOX_MODE === 'oauth2' ? 'oauth2' : undefined,
    basePath: env.SANDBOX_BASE_PATH || undefined,
    dpop: env.SANDBOX_DPOP === '1' || undefined,
  };
}

if (isMain()) {
  process.on('unhandledRejection', (err) => console.error(`sandbox: unhandled rejection: ${err?.message ?? err}`));
  const sandbox = await startSandbox(optionsFromEnv());
  console.log(`Sandbox authorization server: ${sandbox.issuer}`);
  const stop = () => sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
