/**
 * The local authorization server for `npm start` and the tests: panva's oidc-provider with two
 * static clients, a one-click sign-in page, a protected `/api/me` and test hooks that count what
 * reached it. It only ever listens on loopback and keeps everything in memory.
 *
 *   node sandbox/server.mjs   (SANDBOX_PORT, SANDBOX_APP_ORIGINS, SANDBOX_REDIRECT_URIS,
 *                              SANDBOX_ACCESS_TOKEN_TTL, SANDBOX_CONFIDENTIAL_SECRET)
 */
import { createServer } from 'node:http';
import { isIP } from 'node:net';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import { apiRoutes } from './api.mjs';
import { providerConfiguration } from './config.mjs';
import { interactionRoutes } from './interaction.mjs';
import { importOidcProvider, memoryAdapter } from './quiet-oidc.mjs';
import { countTokenRequests, emptyStats } from './stats.mjs';

// Loaded this way so that start-up prints no warning that does not apply here (quiet-oidc.mjs).
const Provider = await importOidcProvider();

export const DEFAULT_APP_ORIGINS = ['http://127.0.0.1:5173', 'http://127.0.0.1:4173'];

/**
 * @param {{ host?: string, port?: number, appOrigins?: string[], redirectUris?: string[],
 *   accessTokenTtl?: number, refreshTokenTtl?: number, confidentialSecret?: string }} [options]
 */
export async function startSandbox(options = {}) {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`sandbox: refusing to listen on non-loopback host ${host}`);
  const appOrigins = options.appOrigins ?? DEFAULT_APP_ORIGINS;
  const settings = {
    appOrigins,
    redirectUris: options.redirectUris ?? appOrigins.map((origin) => `${origin}/callback`),
    accessTokenTtl: options.accessTokenTtl ?? 120,
    refreshTokenTtl: options.refreshTokenTtl ?? 14 * 24 * 60 * 60,
    confidentialSecret: options.confidentialSecret ?? 'sandbox-secret',
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
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const stats = emptyStats();
  const provider = new Provider(issuer, {
    ...providerConfiguration(settings),
    adapter: memoryAdapter(),
  });
  provider.on('error', (err) => console.error(`sandbox: ${err?.message ?? err}`));
  countTokenRequests(provider, stats);
  provider.use(guard(provider, appOrigins, stats));
  provider.use(offlineAccessNeedsNoPrompt(provider));
  provider.use(testHooks(stats));
  provider.use(apiRoutes(provider, { appOrigins, stats }));
  provider.use(interactionRoutes(provider));
  handler = provider.callback();

  return {
    issuer,
    url: issuer,
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
  const revocationPath = new URL(provider.urlFor('revocation')).pathname;
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
  const authorizationPath = new URL(provider.urlFor('authorization')).pathname;
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
