/**
 * Twin of Convert.com (Convert Experiences) OAuth: a public PKCE client with no secret, per
 * docs/providers.md. The quirks it reproduces, each one something a standards-only client
 * (oauth4webapi without the Convert adapter) would trip over:
 *
 * - the token endpoint takes JSON and refuses a form body (415);
 * - the token answer has `expires_at` (absolute unix seconds), no `expires_in`, no refresh token,
 *   and `scope` is an object `{mode, accounts:[...]}`, not a string;
 * - there is no refresh grant: an expired token means authorizing again;
 * - there is no "me": the accounts come from the token's scope; details at /api/v2/accounts/{id}.
 *
 * Inferred (providers.md does not say): the error body `{code, message}` (plus `error`, the RFC 6749
 * code, on the token endpoint), the account details fields, and the 3600 s token lifetime.
 */
import { addAuthorizeEndpoint } from './lib/authorize.mjs';
import { bearerToken, escapeHtml, parseBody, sendJson, str } from './lib/http.mjs';
import { redeemCode } from './lib/oauth.mjs';
import { createTwin } from './lib/twin.mjs';

export const CONVERT_DEFAULT_PORT = 9021;
export const CONVERT_CLIENT_ID = 'convert-twin-client';
export const CONVERT_SCOPE = 'selected_accounts_projects';

/** What the consent page grants: one agency account with two projects. */
export const CONVERT_DEMO_ACCOUNTS = Object.freeze([
  {
    account_id: 100001,
    name: 'Demo Agency',
    projects: [
      { project_id: 200001, name: 'Demo Shop' },
      { project_id: 200002, name: 'Demo Blog' },
    ],
  },
]);

/**
 * Convert's error body, inferred: `{code: <http status>, message}`. On the token endpoint the
 * RFC 6749 error code is added as `error`, so a client can tell invalid_grant from the rest.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} message
 * @param {string} [error]
 */
function convertError(res, status, message, error) {
  sendJson(res, status, error ? { code: status, message, error } : { code: status, message });
}

/** @typedef {{ project_id: number, name: string }} ConvertProject */
/** @typedef {{ account_id: number, name: string, projects: ConvertProject[] }} ConvertAccount */

/**
 * @typedef {object} ConvertTwinSettings
 * @property {string} clientId default 'convert-twin-client'; a public client, no secret
 * @property {number} accessTokenTtl
 * @property {readonly ConvertAccount[]} accounts what the consent page grants
 */
/** @typedef {import('./lib/types.mjs').BaseTwinOptions & Partial<ConvertTwinSettings>} ConvertTwinOptions */
/** @typedef {import('./lib/types.mjs').TwinHandle<ConvertTwinSettings, {}>} ConvertTwin */

/**
 * @param {ConvertTwinOptions} [options]
 * @returns {Promise<ConvertTwin>}
 */
export async function startConvertTwin(options = {}) {
  const twin = createTwin({
    name: 'convert',
    tokenPrefix: 'cvt',
    options,
    defaults: /** @type {ConvertTwinSettings} */ ({
      clientId: CONVERT_CLIENT_ID,
      accessTokenTtl: 3600,
      accounts: CONVERT_DEMO_ACCOUNTS,
    }),
    notFound: ({ res }) => convertError(res, 404, 'Not found'),
  });
  const { settings } = twin;

  addAuthorizeEndpoint(twin, {
    path: '/auth/oauth/authorize',
    providerName: 'Convert',
    // The vendor example sends no redirect_uri: the client's registered callback is used.
    redirectUriRequired: false,
    // "not sent in the vendor example; S256 is implied" (M): a bare challenge is S256.
    defaultChallengeMethod: 'S256',
    knownScopes: [CONVERT_SCOPE],
    unknownScopes: 'refuse',
    scopeRequired: true,
    // On the real consent screen the person picks accounts and projects; the twin grants all.
    grant: () => ({ accounts: structuredClone(settings.accounts) }),
    detailsHtml: (_scope, grant) => {
      const accounts = /** @type {typeof CONVERT_DEMO_ACCOUNTS} */ (grant.accounts);
      const items = accounts
        .map(
          (a) =>
            `<li>${escapeHtml(a.name)} (${escapeHtml(a.account_id)}): ${a.projects.map((p) => escapeHtml(p.name)).join(', ')}</li>`,
        )
        .join('');
      return `<p>Accounts and projects to share:</p><ul>${items}</ul>`;
    },
  });

  twin.route('POST', '/api/v2/auth/oauth/token', 'token', async ({ req, res }) => {
    const body = await parseBody(req);
    if (body.kind === 'form' || body.kind === 'other') {
      twin.countTokenRequest(str(body.params, 'grant_type'));
      return convertError(
        res,
        415,
        'Unsupported Media Type: send the token request as application/json',
        'invalid_request',
      );
    }
    if (body.kind !== 'json') {
      twin.countTokenRequest(undefined);
      return convertError(res, 400, 'The request body must be a JSON object', 'invalid_request');
    }
    const { params } = body;
    const grantType = str(params, 'grant_type');
    twin.countTokenRequest(grantType);
    if (grantType !== 'authorization_code') {
      return convertError(
        res,
        400,
        `Unsupported grant_type "${grantType ?? ''}"`,
        'unsupported_grant_type',
      );
    }
    const clientId = str(params, 'client_id');
    if (!clientId) return convertError(res, 400, 'client_id is required', 'invalid_request');
    if (clientId !== settings.clientId)
      return convertError(res, 401, 'Unknown client', 'invalid_client');
    const redeemed = redeemCode(twin, {
      code: str(params, 'code'),
      clientId,
      redirectUri: str(params, 'redirect_uri'),
      codeVerifier: str(params, 'code_verifier'),
      redirectUriRule: 'optional',
    });
    if ('error' in redeemed) return convertError(res, 400, redeemed.description, redeemed.error);

    const { record } = redeemed;
    const { token, expiresAt } = twin.store.issueAccessToken({
      clientId,
      scope: record.scope,
      ttlSeconds: settings.accessTokenTtl,
      grant: record.grant,
    });
    sendJson(res, 200, {
      access_token: token,
      token_type: 'Bearer',
      expires_at: Math.floor(expiresAt / 1000),
      scope: { mode: 'selected', accounts: record.grant.accounts },
    });
  });

  twin.route('GET', /^\/api\/v2\/accounts\/([^/]+)$/, 'api', ({ req, res, params }) => {
    const checked = twin.store.checkAccessToken(bearerToken(req));
    if (!('record' in checked)) {
      const messages = {
        missing: 'Authentication required',
        unknown: 'Invalid access token',
        expired: 'Access token expired',
        revoked: 'Access token revoked',
      };
      return convertError(res, 401, messages[checked.reason]);
    }
    const accounts = /** @type {typeof CONVERT_DEMO_ACCOUNTS} */ (
      checked.record.grant.accounts ?? []
    );
    const account = accounts.find((a) => String(a.account_id) === params[0]);
    if (!account) return convertError(res, 403, 'This token has no access to the account');
    sendJson(res, 200, {
      data: {
        id: account.account_id,
        name: account.name,
        timezone: 'UTC',
        projects: account.projects.map((p) => ({ id: p.project_id, name: p.name })),
      },
    });
  });

  return twin.listen();
}
