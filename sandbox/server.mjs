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
import { guard, mounted, offlineAccessNeedsNoPrompt, plainOAuth, testHooks } from './middleware.mjs';
import { countTokenRequests, emptyStats, messageOf } from './stats.mjs';

export { SANDBOX_PROVIDER_IDS, defaultRedirectUris } from './config.mjs';
// Loaded this way so that start-up prints no warning that does not apply here (quiet-oidc.mjs).
const Provider = await importOidcProvider();

export const DEFAULT_APP_ORIGINS = ['http://127.0.0.1:5173', 'http://127.0.0.1:4173'];

/** '' or '/a/b': leading slash, no trailing one. */
function normaliseBasePath(value = '') {
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(trimmed)) throw new Error(`sandbox: bad basePath ${value}`);
  return trimmed;
}

/**
 * @typedef {object} SandboxOptions
 * @property {string} [host] loopback only; default 127.0.0.1
 * @property {number} [port] default 9010; 0 picks a free port (see `port` on the result)
 * @property {string[]} [appOrigins] browser origins of the app, allowed by CORS
 * @property {string[]} [redirectUris] exact redirect URIs; default each app origin +
 *   '/callback/<id>' for SANDBOX_PROVIDER_IDS
 * @property {number} [accessTokenTtl] seconds; default 120
 * @property {number} [refreshTokenTtl] seconds; default 14 days
 * @property {string} [confidentialSecret] secret of keyfob-sandbox-confidential; default
 *   'sandbox-secret'
 * @property {'oidc' | 'oauth2'} [mode] 'oidc' (default): an OpenID provider; 'oauth2': RFC 8414
 *   metadata only, never an ID token
 * @property {string} [basePath] serve under an issuer with this path, e.g. '/tenant/a'
 * @property {boolean} [dpop] DPoP (RFC 9449) on, nonces required, and the client
 *   keyfob-sandbox-dpop; default off
 */

/**
 * @typedef {object} Sandbox
 * @property {string} issuer
 * @property {string} url
 * @property {string} origin the issuer without its path
 * @property {'oidc' | 'oauth2'} mode
 * @property {number} port
 * @property {() => import('./stats.mjs').SandboxStats} stats
 * @property {() => void} resetStats
 * @property {() => Promise<void>} close
 */

/**
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
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
  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} */
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
  provider.on('error', (err) => console.error(`sandbox: ${messageOf(err)}`));
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
 * Loopback only: the sandbox has a fixed demo account and a known secret.
 * @param {string} host
 */
function isLoopback(host) {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
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

/**
 * The SANDBOX_* environment variables as startSandbox options (shared with scripts/start.mjs).
 * @param {Record<string, string | undefined>} [env]
 * @returns {SandboxOptions}
 */
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
  process.on('unhandledRejection', (err) => console.error(`sandbox: unhandled rejection: ${messageOf(err)}`));
  const sandbox = await startSandbox(optionsFromEnv());
  console.log(`Sandbox authorization server: ${sandbox.issuer}`);
  const stop = () => sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
