/**
 * The authorization endpoint shared by the three OAuth twins (Convert, CloudConvert, VideoAsk):
 * request validation in the order RFC 6749 4.1.2.1 prescribes (client and redirect URI first,
 * answered with a page; everything else answered by redirecting back with `error=`), the consent
 * page, and the Allow / Deny decision. None of these providers sends RFC 9207 `iss`, so the twins
 * do not either.
 */
import { parseBody, redirectWith, sendHtml } from './http.mjs';
import { consentPage, errorPage } from './consent.mjs';

/**
 * @typedef {object} AuthorizeSpec
 * @property {string} path
 * @property {string} providerName shown on the pages
 * @property {boolean} redirectUriRequired when false, an absent redirect_uri means the first
 *   registered one (RFC 6749 3.1.2.3 allows omitting it when the client registered it)
 * @property {'S256' | 'plain'} defaultChallengeMethod the method assumed when a challenge comes
 *   without `code_challenge_method` (RFC 7636 says plain; Convert implies S256)
 * @property {string[]} knownScopes
 * @property {'refuse' | 'drop'} unknownScopes refuse with invalid_scope, or grant only known ones
 * @property {boolean} [scopeRequired] refuse a request without `scope`
 * @property {(params: Record<string, string>) => ({ error: string, description: string } | undefined)} [check]
 *   provider-specific refusal (VideoAsk's audience), answered by redirect
 * @property {(scope: string[]) => Record<string, unknown>} [grant] provider data bound to the code
 * @property {(scope: string[], grant: Record<string, unknown>) => string} [detailsHtml] extra
 *   consent page content (escaped HTML)
 */

/**
 * @param {import('./twin.mjs').Twin<{ clientId: string }>} twin
 * @param {AuthorizeSpec} spec
 */
export function addAuthorizeEndpoint(twin, spec) {
  /** @param {import('./types.mjs').RouteContext} ctx */
  const handle = async ({ req, res, url }) => {
    /** @type {Record<string, string>} */
    let params;
    if (req.method === 'POST') {
      const body = await parseBody(req);
      params = /** @type {Record<string, string>} */ (
        Object.fromEntries(
          Object.entries(body.params).filter((entry) => typeof entry[1] === 'string'),
        )
      );
    } else {
      params = Object.fromEntries(url.searchParams);
    }

    const refuse = (/** @type {string} */ message) => {
      twin.countAuthorize('refused');
      sendHtml(res, 400, errorPage(spec.providerName, message));
    };
    const clientId = params.client_id;
    if (!clientId) return refuse('The request has no client_id.');
    if (clientId !== twin.settings.clientId) return refuse(`Unknown client_id "${clientId}".`);
    /** @type {string[]} */
    const registered = twin.settings.redirectUris;
    let redirectUri = params.redirect_uri;
    if (redirectUri === undefined) {
      if (spec.redirectUriRequired || registered.length === 0)
        return refuse('The request has no redirect_uri.');
      redirectUri = /** @type {string} */ (registered[0]);
    } else if (!registered.includes(redirectUri)) {
      return refuse(
        `The redirect_uri "${redirectUri}" is not registered for this client (exact match required).`,
      );
    }

    const state = params.state;
    const fail = (/** @type {string} */ error, /** @type {string} */ description) => {
      twin.countAuthorize('refused');
      redirectWith(res, /** @type {string} */ (redirectUri), {
        error,
        error_description: description,
        state,
      });
    };
    if (!params.response_type) return fail('invalid_request', 'response_type missing');
    if (params.response_type !== 'code')
      return fail('unsupported_response_type', 'only response_type=code is supported');

    const challenge = params.code_challenge;
    const methodParam = params.code_challenge_method;
    if (methodParam !== undefined && methodParam !== 'S256' && methodParam !== 'plain') {
      return fail('invalid_request', 'code_challenge_method must be S256 or plain');
    }
    if (methodParam !== undefined && challenge === undefined) {
      return fail('invalid_request', 'code_challenge_method without code_challenge');
    }
    if (challenge !== undefined && !/^[A-Za-z0-9\-._~]{43,128}$/.test(challenge)) {
      return fail('invalid_request', 'code_challenge must be 43-128 characters of [A-Za-z0-9-._~]');
    }
    const method =
      challenge === undefined ? undefined : (methodParam ?? spec.defaultChallengeMethod);

    if (spec.scopeRequired && !params.scope) return fail('invalid_scope', 'scope missing');
    const requested = (params.scope ?? '').split(' ').filter(Boolean);
    const unknown = requested.filter((s) => !spec.knownScopes.includes(s));
    if (unknown.length > 0 && spec.unknownScopes === 'refuse') {
      return fail('invalid_scope', `unknown scope(s): ${unknown.join(' ')}`);
    }
    const scope = [...new Set(requested.filter((s) => spec.knownScopes.includes(s)))];

    const problem = spec.check?.(params);
    if (problem) return fail(problem.error, problem.description);

    const grant = spec.grant?.(scope) ?? {};
    if (req.method !== 'POST') {
      twin.countAuthorize('shown');
      return sendHtml(
        res,
        200,
        consentPage({
          providerName: spec.providerName,
          path: spec.path,
          clientId,
          redirectUri,
          scopes: scope,
          params,
          detailsHtml: spec.detailsHtml?.(scope, grant),
        }),
      );
    }

    if (params.decision === 'deny') {
      twin.countAuthorize('denied');
      return redirectWith(res, redirectUri, {
        error: 'access_denied',
        error_description: 'The user denied the request',
        state,
      });
    }
    if (params.decision !== 'allow')
      return fail('invalid_request', 'decision must be allow or deny');
    twin.countAuthorize('allowed');
    const code = twin.store.createCode({
      clientId,
      redirectUri,
      redirectUriSent: params.redirect_uri !== undefined,
      scope,
      codeChallenge: challenge,
      codeChallengeMethod: method,
      grant,
    });
    return redirectWith(res, redirectUri, { code, state });
  };
  twin.route('GET', spec.path, 'authorize', handle);
  twin.route('POST', spec.path, 'authorize', handle);
}
