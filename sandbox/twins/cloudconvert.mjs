/**
 * Twin of CloudConvert (OAuth confidential client, or API key), per docs/providers.md:
 *
 * - the token endpoint takes a form body with client_id + client_secret in it (H); wrong or missing
 *   credentials get 401 invalid_client, so the code exchange and refresh must go through the proxy;
 * - the code grant must repeat redirect_uri (H); PKCE is checked when a challenge was sent (L);
 * - answers carry `expires_in` and `refresh_token` (M); refresh issues a new refresh token and the
 *   old one keeps working (rotation is undocumented: the twin picks the lenient reading);
 * - scopes are enforced: /v2/users/me needs user.read, POST /v2/jobs needs task.write (H);
 * - API keys are Bearer tokens with every scope that never expire (H);
 * - errors are `{message, code, errors?}` with 401/402/403/404/422/429 (H/M), and 429 carries
 *   X-RateLimit-Limit / X-RateLimit-Remaining when `rateLimit` is set.
 *
 * Inferred: the `code` strings (except INVALID_DATA), GET /v2/jobs/{id} needing task.read, credits
 * cost (1 per convert task, 402 CREDITS_EXCEEDED when short), the 3600 s token lifetime, refresh
 * tokens that do not expire, and a job being finished as soon as it is read back.
 */
import { createGuard } from './cloudconvert-guard.mjs';
import { addJobRoutes, apiError } from './cloudconvert-jobs.mjs';
import { addAuthorizeEndpoint } from './lib/authorize.mjs';
import { parseBody, sendJson, str } from './lib/http.mjs';
import { redeemCode } from './lib/oauth.mjs';
import { safeEqual } from './lib/store.mjs';
import { createTwin } from './lib/twin.mjs';

export const CLOUDCONVERT_DEFAULT_PORT = 9022;
export const CLOUDCONVERT_CLIENT_ID = 'cloudconvert-twin-client';
export const CLOUDCONVERT_CLIENT_SECRET = 'cloudconvert-twin-secret';
export const CLOUDCONVERT_API_KEY = 'cc-twin-api-key';
export const CLOUDCONVERT_SCOPES = Object.freeze([
  'user.read',
  'user.write',
  'task.read',
  'task.write',
  'webhook.read',
  'webhook.write',
]);

/** The only user of the twin. */
export const CLOUDCONVERT_DEMO_USER = Object.freeze({
  id: 41001,
  username: 'demo-user',
  email: 'demo@cloudconvert.test',
  created_at: '2024-01-15T09:30:00+00:00',
});

export { validateJob } from './cloudconvert-jobs.mjs';

/** @typedef {string | { key: string, scopes?: string[] }} CloudConvertApiKey */

/**
 * @typedef {object} CloudConvertTwinSettings
 * @property {string} clientId default 'cloudconvert-twin-client'
 * @property {string} clientSecret default 'cloudconvert-twin-secret'
 * @property {number} accessTokenTtl seconds, default 3600
 * @property {number | null} refreshTokenTtl seconds; null (default) = never expires
 * @property {readonly CloudConvertApiKey[]} apiKeys accepted as Bearer tokens; a bare string has
 *   every scope. Default ['cc-twin-api-key']
 * @property {number} rateLimit API requests allowed per window; 0 (default) = no limit and no
 *   X-RateLimit-* headers
 * @property {number} rateLimitWindow seconds, default 60
 * @property {number} credits the demo user's starting credits; default 250
 */
/** @typedef {import('./cloudconvert-jobs.mjs').CloudConvertTwinState} CloudConvertTwinState */
/** @typedef {import('./lib/types.mjs').BaseTwinOptions & Partial<CloudConvertTwinSettings>} CloudConvertTwinOptions */
/** @typedef {import('./lib/types.mjs').TwinHandle<CloudConvertTwinSettings, CloudConvertTwinState>} CloudConvertTwin */

/**
 * The token endpoint's errors, RFC 6749 5.2 plus the `message` Laravel Passport (which CloudConvert's
 * OAuth server appears to be) adds.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} error
 * @param {string} description
 */
function oauthError(res, status, error, description) {
  sendJson(res, status, { error, error_description: description, message: description });
}

/**
 * @param {CloudConvertTwinOptions} [options]
 * @returns {Promise<CloudConvertTwin>}
 */
export async function startCloudConvertTwin(options = {}) {
  const twin = createTwin({
    name: 'cloudconvert',
    tokenPrefix: 'cc',
    options,
    defaults: /** @type {CloudConvertTwinSettings} */ ({
      clientId: CLOUDCONVERT_CLIENT_ID,
      clientSecret: CLOUDCONVERT_CLIENT_SECRET,
      accessTokenTtl: 3600,
      refreshTokenTtl: null,
      apiKeys: [CLOUDCONVERT_API_KEY],
      rateLimit: 0,
      rateLimitWindow: 60,
      credits: 250,
    }),
    /** @type {CloudConvertTwinState} */
    state: { jobs: new Map(), credits: 0, rate: { windowStart: 0, used: 0 } },
    configKeys: ['rateLimit', 'rateLimitWindow', 'credits'],
    cors: { exposeHeaders: ['x-ratelimit-limit', 'x-ratelimit-remaining'] },
    notFound: ({ res }) => apiError(res, 404, 'NOT_FOUND', 'Not found.'),
  });
  const { settings, state } = twin;
  const { jobs, rate } = state;
  state.credits = settings.credits;
  rate.windowStart = twin.now();
  twin.onReset(() => {
    jobs.clear();
    state.credits = settings.credits;
    rate.windowStart = twin.now();
    rate.used = 0;
  });
  /** `/__twin/config {credits}` refills the balance too. */
  const configure = twin.configure;
  twin.configure = (patch) => {
    configure(patch);
    if (typeof patch.credits === 'number') state.credits = patch.credits;
  };

  addAuthorizeEndpoint(twin, {
    path: '/oauth/authorize',
    providerName: 'CloudConvert',
    redirectUriRequired: true,
    // Not documented; RFC 7636's default (and Laravel Passport's) for a bare challenge.
    defaultChallengeMethod: 'plain',
    knownScopes: [...CLOUDCONVERT_SCOPES],
    unknownScopes: 'refuse',
  });

  twin.route('POST', '/oauth/token', 'token', async ({ req, res }) => {
    const body = await parseBody(req);
    const grantType = str(body.params, 'grant_type');
    twin.countTokenRequest(grantType);
    if (body.kind !== 'form') {
      return oauthError(
        res,
        400,
        'invalid_request',
        'The token request must be application/x-www-form-urlencoded',
      );
    }
    const { params } = body;
    // client_secret_post only: providers.md documents both credentials in the body.
    const clientId = str(params, 'client_id');
    const secret = str(params, 'client_secret');
    if (
      !clientId ||
      !secret ||
      clientId !== settings.clientId ||
      !safeEqual(secret, settings.clientSecret)
    ) {
      return oauthError(res, 401, 'invalid_client', 'Client authentication failed');
    }

    if (grantType === 'authorization_code') {
      const redeemed = redeemCode(twin, {
        code: str(params, 'code'),
        clientId,
        redirectUri: str(params, 'redirect_uri'),
        codeVerifier: str(params, 'code_verifier'),
        redirectUriRule: 'required',
      });
      if ('error' in redeemed) return oauthError(res, 400, redeemed.error, redeemed.description);
      return sendJson(res, 200, issue(clientId, redeemed.record.scope));
    }
    if (grantType === 'refresh_token') {
      const checked = twin.store.checkRefreshToken(str(params, 'refresh_token'));
      if (!('record' in checked)) {
        if (checked.reason === 'missing')
          return oauthError(res, 400, 'invalid_request', 'refresh_token missing');
        return oauthError(
          res,
          400,
          'invalid_grant',
          `The refresh token is invalid (${checked.reason})`,
        );
      }
      if (checked.record.clientId !== clientId) {
        return oauthError(
          res,
          400,
          'invalid_grant',
          'The refresh token was issued to another client',
        );
      }
      let scope = checked.record.scope;
      const asked = str(params, 'scope');
      if (asked) {
        const narrowed = asked.split(' ').filter(Boolean);
        if (!narrowed.every((s) => scope.includes(s))) {
          return oauthError(
            res,
            400,
            'invalid_scope',
            'The requested scope exceeds the original grant',
          );
        }
        scope = narrowed;
      }
      // A new refresh token every time; the old one is left valid (see the file comment).
      return sendJson(res, 200, issue(clientId, scope));
    }
    return oauthError(
      res,
      400,
      'unsupported_grant_type',
      `Unsupported grant_type "${grantType ?? ''}"`,
    );
  });

  /**
   * @param {string} clientId
   * @param {string[]} scope
   */
  function issue(clientId, scope) {
    const refreshToken = twin.store.issueRefreshToken({
      clientId,
      scope,
      ttlSeconds: settings.refreshTokenTtl ?? Infinity,
      grant: {},
    });
    const { token } = twin.store.issueAccessToken({
      clientId,
      scope,
      ttlSeconds: settings.accessTokenTtl,
      refreshToken,
      grant: {},
    });
    return {
      token_type: 'Bearer',
      expires_in: settings.accessTokenTtl,
      access_token: token,
      refresh_token: refreshToken,
    };
  }

  const guard = createGuard(twin, rate, CLOUDCONVERT_SCOPES);

  twin.route('GET', '/v2/users/me', 'api', ({ req, res }) => {
    if (!guard(req, res, 'user.read')) return;
    sendJson(res, 200, {
      data: {
        ...CLOUDCONVERT_DEMO_USER,
        credits: state.credits,
        links: { self: `${twin.url}/v2/users/${CLOUDCONVERT_DEMO_USER.id}` },
      },
    });
  });

  addJobRoutes(twin, guard, jobs, state);

  return twin.listen();
}
