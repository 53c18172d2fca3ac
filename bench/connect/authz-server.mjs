// The authorization server of `npm run bench:connect`: oidc-provider 9 on 127.0.0.1 with one
// public client, bench-spa (PKCE S256 required, no secret), no login or consent pages (the login
// is completed at once for one account and the grant made, so the browser only follows 303s),
// opaque access tokens, refresh tokens rotated on use, revocation, a fresh RS256 key per start.
//
//   node bench/connect/authz-server.mjs --port 4400 --redirect-uris a,b
//
// Prints exactly one line, "ready <issuer>", on stdout once listening, and nothing else: see
// sandbox/quiet-oidc.mjs for the two notices oidc-provider would print.
import * as crypto from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { importOidcProvider, memoryAdapter } from '../../sandbox/quiet-oidc.mjs';

export const CLIENT_ID = 'bench-spa';
export const ACCOUNT_ID = 'bench-user';

/**
 * @param {{ redirectUris: string[], accessTokenTtl: number }} options
 * @returns {import('oidc-provider').Configuration}
 */
function configuration({ redirectUris, accessTokenTtl }) {
  for (const uri of redirectUris) {
    if (new URL(uri).hostname !== '127.0.0.1')
      throw new Error(`loopback redirect URIs only: ${uri}`);
  }
  // CORS for the token endpoint: the origins of the registered redirect URIs, nothing else.
  const origins = new Set(redirectUris.map((uri) => new URL(uri).origin));
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: 'bench-rs256',
    use: 'sig',
    alg: 'RS256',
  };
  return {
    adapter: memoryAdapter(),
    clients: [
      {
        client_id: CLIENT_ID,
        client_name: 'Benchmark SPA (public)',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris,
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access'],
    claims: { openid: ['sub'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientAuthMethod === 'none' && origins.has(origin),
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
    },
    // No consent step: a grant for what was asked is made on the spot.
    loadExistingGrant: async (ctx) => {
      // Always set on this route: oidc-provider calls it inside an authorization request.
      const oidc = /** @type {NonNullable<typeof ctx.oidc>} */ (ctx.oidc);
      const grantId =
        oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({
        clientId: oidc.client.clientId,
        accountId: oidc.session.accountId,
      });
      grant.addOIDCScope(
        ['openid', 'offline_access', ...(oidc.requestParamScopes || [])].join(' '),
      );
      await grant.save();
      return grant;
    },
    ttl: {
      AccessToken: () => accessTokenTtl,
      AuthorizationCode: () => 60,
      IdToken: () => 3600,
      RefreshToken: () => 24 * 3600,
      Interaction: () => 600,
      Session: () => 3600,
      Grant: () => 24 * 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>error</title><pre id="oauth-error">${Object.entries(out)
        .map(([k, v]) => `${k}: ${String(v).replace(/[<&>]/g, '')}`)
        .join('\n')}</pre>`;
    },
  };
}

// The login prompt is completed at once for ACCOUNT_ID: /auth -> /interaction/:uid -> /auth/:uid
// -> the redirect URI, all 303s, no page.
/** @param {import('oidc-provider').default} provider */
function autoLogin(provider) {
  /** @type {import('oidc-provider').Middleware} */
  return async (ctx, next) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
    if (!match || ctx.method !== 'GET') return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.prompt.name !== 'login')
      ctx.throw(501, `prompt ${details.prompt.name} not handled`);
    const returnTo = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: ACCOUNT_ID } },
      { mergeWithLastSubmission: true },
    );
    ctx.status = 303;
    ctx.redirect(returnTo);
  };
}

/**
 * Starts the server on 127.0.0.1:`port` (0: any free port); the issuer names the real port.
 * @param {{ port?: number, redirectUris: string[], accessTokenTtl?: number }} options
 */
export async function startAuthzServer({ port = 4400, redirectUris, accessTokenTtl = 60 }) {
  if (!redirectUris?.length) throw new Error('at least one redirect URI is required');
  const Provider = await importOidcProvider();
  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void} */
  let handler = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer((req, res) => handler(req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const { port: bound } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const issuer = `http://127.0.0.1:${bound}`;
  const provider = new Provider(issuer, configuration({ redirectUris, accessTokenTtl }));
  provider.on('server_error', (_ctx, err) => console.error('server_error', err));
  provider.use(autoLogin(provider));
  handler = provider.callback();
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve(undefined));
      server.closeAllConnections();
    });
  return { issuer, close };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'redirect-uris': { type: 'string' },
      'access-token-ttl': { type: 'string' },
    },
  });
  const { issuer, close } = await startAuthzServer({
    port: Number(values.port ?? 4400),
    redirectUris: (values['redirect-uris'] ?? '').split(',').filter(Boolean),
    accessTokenTtl: Number(values['access-token-ttl'] ?? 60),
  });
  console.log(`ready ${issuer}`);
  const stop = () => close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
