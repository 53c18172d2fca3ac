/**
 * The oidc-provider configuration of the sandbox: two static clients, one demo account, opaque
 * access tokens with a short life (so the app's refresh path is exercised in minutes, not hours),
 * rotating refresh tokens, PKCE S256 always. Kept apart from the HTTP wiring so the protocol
 * choices can be read in one place.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';

export const PUBLIC_CLIENT_ID = 'keyfob-sandbox';
export const CONFIDENTIAL_CLIENT_ID = 'keyfob-sandbox-confidential';
/** With the `dpop` setting only: a public client whose tokens must be DPoP-bound (RFC 9449). */
export const DPOP_CLIENT_ID = 'keyfob-sandbox-dpop';
export const SCOPES = ['openid', 'profile', 'email', 'offline_access', 'api:read'];

/**
 * The provider ids Keyfob reaches the sandbox under: `sandbox` (public/config.json),
 * `sandbox-proxied` (the proxy example), `sandbox-short` (the end-to-end token lifecycle run) and
 * `local-oidc` (what "Add a provider" makes of the name "Local OIDC"). Keyfob has one redirect URI
 * per provider (RFC 9700 4.4.2), so each is registered; SANDBOX_REDIRECT_URIS replaces the list.
 */
export const SANDBOX_PROVIDER_IDS = Object.freeze(['sandbox', 'sandbox-proxied', 'sandbox-short', 'sandbox-dpop', 'local-oidc']);

/**
 * Each app origin (with its base path, "/" by default) + `callback/<id>` for every provider id.
 * @param {readonly string[]} appOrigins
 * @param {readonly string[]} [ids]
 */
export function defaultRedirectUris(appOrigins, ids = SANDBOX_PROVIDER_IDS) {
  return appOrigins.flatMap((origin) => {
    const base = origin.endsWith('/') ? origin : `${origin}/`;
    return ids.map((id) => `${base}callback/${id}`);
  });
}

/** The only person who can sign in. Claims are filtered by oidc-provider per granted scope. */
export const DEMO_ACCOUNT = Object.freeze({
  sub: 'demo',
  name: 'demo user',
  preferred_username: 'demo',
  email: 'demo@sandbox.test',
  email_verified: true,
});

/**
 * A fresh RS256 signing key per start: the sandbox keeps nothing on disk, and id_tokens from a
 * previous run must not verify anyway. RS256 because it is the default id_token algorithm that
 * every client library accepts without configuration.
 */
function signingJwks() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' }] };
}

/**
 * Only `demo` exists; any other subject (say, from a stale session) is unknown.
 * @type {NonNullable<import('oidc-provider').Configuration['findAccount']>}
 */
async function findAccount(_ctx, sub) {
  if (sub !== DEMO_ACCOUNT.sub) return undefined;
  return { accountId: sub, claims: async () => ({ ...DEMO_ACCOUNT }) };
}

/**
 * @param {{ basePath?: string, appOrigins: string[], redirectUris: string[], accessTokenTtl: number,
 *   refreshTokenTtl: number, confidentialSecret: string, dpop?: boolean }} options
 * @returns {import('oidc-provider').Configuration}
 */
export function providerConfiguration({ basePath = '', appOrigins, redirectUris, accessTokenTtl, refreshTokenTtl, confidentialSecret, dpop = false }) {
  const allowed = new Set(appOrigins);
  const common = {
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: redirectUris,
    // 'web' with http://127.0.0.1 redirect URIs is accepted by oidc-provider for the code flow;
    // only implicit web clients are forced to https.
    application_type: 'web',
  };
  return {
    clients: [
      { ...common, client_id: PUBLIC_CLIENT_ID, client_name: 'Keyfob (sandbox)', token_endpoint_auth_method: 'none' },
      {
        ...common,
        client_id: CONFIDENTIAL_CLIENT_ID,
        client_name: 'Keyfob through its token proxy (sandbox)',
        client_secret: confidentialSecret,
        token_endpoint_auth_method: 'client_secret_post',
      },
      // RFC 9449: this client's tokens are always sender-constrained (a token request without a
      // proof is refused); the other clients get DPoP-bound tokens when they send a proof.
      ...(dpop
        ? [{ ...common, client_id: DPOP_CLIENT_ID, client_name: 'Keyfob with DPoP (sandbox)', token_endpoint_auth_method: 'none', dpop_bound_access_tokens: true }]
        : []),
    ],
    jwks: signingJwks(),
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount,
    scopes: SCOPES,
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    responseTypes: ['code'],
    // Every authorization request, public or confidential, must carry an S256 challenge.
    pkce: { required: () => true },
    // The app always sends redirect_uri; never guess it.
    allowOmittingSingleRegisteredRedirectUri: false,
    // Under the issuer's path, like every other route (oidc-provider's default is the root).
    interactions: { url: async (_ctx, interaction) => `${basePath}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      // A client may revoke only its own tokens; anything else is ignored, as RFC 7009 allows.
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: false },
      // PAR would be a second way in that bypasses the offline_access rule in server.mjs.
      pushedAuthorizationRequests: { enabled: false },
      // Off unless asked for (SANDBOX_DPOP=1): the metadata then advertises
      // dpop_signing_alg_values_supported and every proof must carry a server nonce.
      dPoP: dpop
        ? { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true }
        : { enabled: false },
    },
    // The granted scope decides: offline_access (kept by server.mjs without prompt=consent) gets
    // a refresh token, anything else does not, stated here rather than left to the default.
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    rotateRefreshToken: true,
    clientBasedCORS: (_ctx, origin) => allowed.has(origin),
    ttl: {
      AccessToken: () => accessTokenTtl,
      AuthorizationCode: () => 60,
      IdToken: () => 60 * 60,
      Interaction: () => 10 * 60,
      Session: () => refreshTokenTtl,
      Grant: () => refreshTokenTtl,
      // A rotated public-client token keeps the lifetime of the first one, as oidc-provider's
      // default does: rotation must not make a stolen chain live forever.
      RefreshToken: (ctx, token, client) => {
        const rotated = ctx?.oidc?.entities.RotatedRefreshToken;
        if (rotated && client.clientAuthMethod === 'none') return rotated.remainingTTL;
        return refreshTokenTtl;
      },
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
  };
}

/** @param {string} value */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The provider's own error page, without the default's web-font import: no external resources.
 * @param {Record<string, unknown>} out
 */
export function errorPage(out) {
  const rows = Object.entries(out)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox error</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}dt{font-weight:600}</style>
</head><body><h1>Something went wrong</h1><dl>${rows}</dl></body></html>`;
}
