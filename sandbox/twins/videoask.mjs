/**
 * Twin of VideoAsk: its authorization server is an Auth0 tenant (auth.videoask.com) and its API
 * lives at api.videoask.com; here both share one port. Per docs/providers.md:
 *
 * - authorize refuses a request without `audience=https://api.videoask.com/` (H: without it no
 *   API token is issued; the twin makes that loud by redirecting back with invalid_request);
 * - scopes `openid profile email offline_access`; only offline_access yields a refresh token (H);
 * - the token endpoint takes form or JSON and requires the client secret, also on refresh (H);
 * - access tokens last 86400 s, refresh tokens 30 days (L); refresh does not rotate (undocumented:
 *   the twin returns no new refresh token, so the client must keep the one it has);
 * - `POST /oauth/revoke` Auth0-style (L): revoking a refresh token kills it;
 * - `/me` (H), `/organizations` (H), `/forms` needing the `organization-id` header (M);
 * - API errors are 401 `{detail}` (L).
 *
 * Inferred: no id_token (the twin never signs one; the app must not need it), Auth0's 403 for
 * invalid_grant, 401 invalid_client for bad client credentials, unknown scopes silently dropped,
 * an absent redirect_uri meaning the first registered one, the DRF-style paginated list shape
 * `{count, next, previous, results}`, and the demo user, organization and forms.
 */
import { addAuthorizeEndpoint } from './lib/authorize.mjs';
import { basicCredentials, bearerToken, parseBody, sendEmpty, sendJson, str } from './lib/http.mjs';
import { redeemCode } from './lib/oauth.mjs';
import { safeEqual } from './lib/store.mjs';
import { createTwin } from './lib/twin.mjs';

export const VIDEOASK_DEFAULT_PORT = 9023;
export const VIDEOASK_CLIENT_ID = 'videoask-twin-client';
export const VIDEOASK_CLIENT_SECRET = 'videoask-twin-secret';
export const VIDEOASK_AUDIENCE = 'https://api.videoask.com/';
export const VIDEOASK_SCOPES = Object.freeze(['openid', 'profile', 'email', 'offline_access']);

export const VIDEOASK_DEMO_USER = Object.freeze({
  user_id: '5f0c9a52-7d1e-4b8e-9a43-2c6f1e0b7a11',
  username: 'demo-user',
  email: 'demo@videoask.test',
  name: 'Demo User',
});
export const VIDEOASK_DEMO_ORGANIZATION = Object.freeze({
  organization_id: 'org-twin-1',
  name: 'Demo Org',
  role: 'owner',
});
export const VIDEOASK_DEMO_FORMS = Object.freeze([
  {
    form_id: 'form-twin-1',
    organization_id: 'org-twin-1',
    title: 'Customer feedback',
    share_url: 'https://www.videoask.com/ftwin1',
    created_at: '2024-03-01T10:00:00Z',
  },
  {
    form_id: 'form-twin-2',
    organization_id: 'org-twin-1',
    title: 'Job applications',
    share_url: 'https://www.videoask.com/ftwin2',
    created_at: '2024-04-12T15:30:00Z',
  },
]);

/**
 * Auth0-style token endpoint error.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} error
 * @param {string} description
 */
function oauthError(res, status, error, description) {
  sendJson(res, status, { error, error_description: description });
}

/**
 * @typedef {object} VideoAskTwinSettings
 * @property {string} clientId default 'videoask-twin-client'
 * @property {string} clientSecret default 'videoask-twin-secret'
 * @property {number} accessTokenTtl seconds, default 86400
 * @property {number} refreshTokenTtl seconds, default 30 days
 * @property {string} audience what authorize insists on; default 'https://api.videoask.com/'
 */
/** @typedef {import('./lib/types.mjs').BaseTwinOptions & Partial<VideoAskTwinSettings>} VideoAskTwinOptions */
/** @typedef {import('./lib/types.mjs').TwinHandle<VideoAskTwinSettings, {}>} VideoAskTwin */

/**
 * @param {VideoAskTwinOptions} [options]
 * @returns {Promise<VideoAskTwin>}
 */
export async function startVideoAskTwin(options = {}) {
  const twin = createTwin({
    name: 'videoask',
    tokenPrefix: 'va',
    options,
    defaults: /** @type {VideoAskTwinSettings} */ ({
      clientId: VIDEOASK_CLIENT_ID,
      clientSecret: VIDEOASK_CLIENT_SECRET,
      accessTokenTtl: 86400,
      refreshTokenTtl: 30 * 86400,
      audience: VIDEOASK_AUDIENCE,
    }),
    cors: { allowHeaders: ['organization-id'] },
    notFound: ({ res }) => sendJson(res, 404, { detail: 'Not found.' }),
  });
  const { settings } = twin;

  addAuthorizeEndpoint(twin, {
    path: '/authorize',
    providerName: 'VideoAsk',
    redirectUriRequired: false,
    defaultChallengeMethod: 'plain',
    knownScopes: [...VIDEOASK_SCOPES],
    unknownScopes: 'drop',
    check: (params) => {
      if (!params.audience) return { error: 'invalid_request', description: 'audience missing' };
      if (params.audience !== settings.audience) {
        return { error: 'access_denied', description: `Service not found: ${params.audience}` };
      }
      return undefined;
    },
    grant: () => ({ audience: settings.audience }),
  });

  /**
   * Client authentication: client_secret_post or client_secret_basic, as Auth0 accepts both.
   * @param {import('node:http').IncomingMessage} req
   * @param {Record<string, unknown>} params
   * @returns {string | undefined} the client id when authenticated
   */
  function authenticateClient(req, params) {
    const basic = basicCredentials(req);
    const clientId = basic ? decodeURIComponent(basic.user) : str(params, 'client_id');
    const secret = basic ? decodeURIComponent(basic.password) : str(params, 'client_secret');
    if (!clientId || !secret || clientId !== settings.clientId) return undefined;
    return safeEqual(secret, settings.clientSecret) ? clientId : undefined;
  }

  twin.route('POST', '/oauth/token', 'token', async ({ req, res }) => {
    const body = await parseBody(req);
    const { params } = body;
    const grantType = str(params, 'grant_type');
    twin.countTokenRequest(grantType);
    if (body.kind !== 'form' && body.kind !== 'json') {
      return oauthError(res, 400, 'invalid_request', 'Send the token request as a form or as JSON');
    }
    const clientId = authenticateClient(req, params);
    if (!clientId) return oauthError(res, 401, 'invalid_client', 'Client authentication failed');

    if (grantType === 'authorization_code') {
      const redeemed = redeemCode(twin, {
        code: str(params, 'code'),
        clientId,
        redirectUri: str(params, 'redirect_uri'),
        codeVerifier: str(params, 'code_verifier'),
        redirectUriRule: 'if-sent-at-authorize',
      });
      if ('error' in redeemed) {
        return oauthError(
          res,
          redeemed.error === 'invalid_grant' ? 403 : 400,
          redeemed.error,
          redeemed.description,
        );
      }
      const { scope, grant } = redeemed.record;
      const refreshToken = scope.includes('offline_access')
        ? twin.store.issueRefreshToken({
            clientId,
            scope,
            ttlSeconds: settings.refreshTokenTtl,
            grant,
          })
        : undefined;
      const { token } = twin.store.issueAccessToken({
        clientId,
        scope,
        ttlSeconds: settings.accessTokenTtl,
        refreshToken,
        grant,
      });
      return sendJson(res, 200, {
        access_token: token,
        ...(refreshToken ? { refresh_token: refreshToken } : {}),
        scope: scope.join(' '),
        expires_in: settings.accessTokenTtl,
        token_type: 'Bearer',
      });
    }
    if (grantType === 'refresh_token') {
      const presented = str(params, 'refresh_token');
      const checked = twin.store.checkRefreshToken(presented);
      if (!('record' in checked)) {
        if (checked.reason === 'missing')
          return oauthError(
            res,
            400,
            'invalid_request',
            'Missing required parameter: refresh_token',
          );
        return oauthError(res, 403, 'invalid_grant', 'Unknown or invalid refresh token.');
      }
      if (checked.record.clientId !== clientId)
        return oauthError(res, 403, 'invalid_grant', 'Unknown or invalid refresh token.');
      const { scope, grant } = checked.record;
      const { token } = twin.store.issueAccessToken({
        clientId,
        scope,
        ttlSeconds: settings.accessTokenTtl,
        refreshToken: presented,
        grant,
      });
      // No refresh_token in the answer: the one presented stays valid (no rotation).
      return sendJson(res, 200, {
        access_token: token,
        scope: scope.join(' '),
        expires_in: settings.accessTokenTtl,
        token_type: 'Bearer',
      });
    }
    return oauthError(
      res,
      400,
      'unsupported_grant_type',
      `Unsupported grant type: ${grantType ?? '(none)'}`,
    );
  });

  twin.route('POST', '/oauth/revoke', 'revoke', async ({ req, res }) => {
    const body = await parseBody(req);
    const { params } = body;
    if (body.kind !== 'form' && body.kind !== 'json') {
      return oauthError(
        res,
        400,
        'invalid_request',
        'Send the revocation request as a form or as JSON',
      );
    }
    const clientId = authenticateClient(req, params);
    if (!clientId) return oauthError(res, 401, 'invalid_client', 'Client authentication failed');
    const token = str(params, 'token');
    if (!token) return oauthError(res, 400, 'invalid_request', 'Missing required parameter: token');
    const record = twin.store.refreshTokens.get(token);
    // RFC 7009 2.2: an unknown token (or an access token, which Auth0 cannot revoke) still gets 200.
    if (record && record.clientId === clientId) record.revoked = true;
    sendEmpty(res, 200);
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @returns {boolean} true when authenticated; otherwise the 401 has been sent
   */
  function authenticate(req, res) {
    const checked = twin.store.checkAccessToken(bearerToken(req));
    if ('record' in checked) return true;
    const details = {
      missing: 'Authentication credentials were not provided.',
      unknown: 'Invalid token.',
      expired: 'Token has expired.',
      revoked: 'Token has been revoked.',
    };
    sendJson(res, 401, { detail: details[checked.reason] });
    return false;
  }

  /** @param {unknown[]} results */
  const page = (results) => ({ count: results.length, next: null, previous: null, results });

  twin.route('GET', '/me', 'api', ({ req, res }) => {
    if (!authenticate(req, res)) return;
    sendJson(res, 200, { ...VIDEOASK_DEMO_USER });
  });

  twin.route('GET', '/organizations', 'api', ({ req, res }) => {
    if (!authenticate(req, res)) return;
    sendJson(res, 200, page([{ ...VIDEOASK_DEMO_ORGANIZATION }]));
  });

  twin.route('GET', '/forms', 'api', ({ req, res }) => {
    if (!authenticate(req, res)) return;
    const organizationId = req.headers['organization-id'];
    if (typeof organizationId !== 'string' || organizationId === '') {
      return sendJson(res, 400, { detail: 'The organization-id header is required.' });
    }
    if (organizationId !== VIDEOASK_DEMO_ORGANIZATION.organization_id) {
      return sendJson(res, 403, { detail: 'You do not have permission to perform this action.' });
    }
    sendJson(res, 200, page(VIDEOASK_DEMO_FORMS.map((form) => ({ ...form }))));
  });

  return twin.listen();
}
