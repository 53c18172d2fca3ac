import { mediaType, readLimitedBody, TOKEN_BODY_LIMIT } from './body';
import type { ProxyProviderConfig } from './config';
import { dpopNonceHeader, dpopProof } from './dpop';
import { ProxyError } from './errors';
import { basicAuthorization, readOAuthParams } from './oauth-body';
import { containsCredential, credentialForms, rebuildOAuthError } from './oauth-error';
import { callUpstream, readJsonAnswer, type UpstreamFetch } from './upstream';

/**
 * `POST /token/:id` and `POST /revoke/:id`: the browser's own request, checked, with the client
 * credentials added the way the provider expects and every unknown parameter left out.
 */

interface OAuthRoute {
  /** The parameters forwarded, in the order they go upstream; `client_id` is always replaced. */
  known: readonly string[];
  /** Throws when the parameters are not a request the proxy will add a secret to. */
  check: (params: Map<string, string>, origin: string) => void;
  url: (provider: ProxyProviderConfig) => string;
  allowEmptyAnswer: boolean;
}

const GRANT_REQUIREMENTS: Readonly<Record<string, readonly string[]>> = {
  authorization_code: ['code', 'code_verifier', 'redirect_uri'],
  refresh_token: ['refresh_token'],
};

export const tokenRoute: OAuthRoute = {
  known: [
    'grant_type',
    'code',
    'redirect_uri',
    'code_verifier',
    'refresh_token',
    'scope',
    'client_id',
  ],
  check(params, origin) {
    const grantType = params.get('grant_type');
    if (grantType === undefined)
      throw new ProxyError(400, 'invalid_request', 'grant_type is missing');
    const required = Object.hasOwn(GRANT_REQUIREMENTS, grantType)
      ? GRANT_REQUIREMENTS[grantType]
      : undefined;
    // client_credentials, password and the rest would mint tokens with our secret alone.
    if (required === undefined) {
      throw new ProxyError(
        400,
        'unsupported_grant_type',
        'Only the authorization_code (with PKCE) and refresh_token grants go through the proxy',
      );
    }
    for (const name of required) {
      if (!params.has(name))
        throw new ProxyError(
          400,
          'invalid_request',
          `${name} is required for the ${grantType} grant`,
        );
    }
    const redirectUri = params.get('redirect_uri');
    // The app's callback lives on the app's own origin, which the origin check already allowed.
    if (redirectUri !== undefined && originOf(redirectUri) !== origin) {
      throw new ProxyError(
        400,
        'redirect_uri_not_allowed',
        'redirect_uri must be on the origin of the page making the request',
      );
    }
  },
  url: (provider) => provider.tokenUrl,
  allowEmptyAnswer: false,
};

export const revokeRoute: OAuthRoute = {
  known: ['token', 'token_type_hint', 'client_id'],
  check(params) {
    if (!params.has('token')) throw new ProxyError(400, 'invalid_request', 'token is required');
  },
  url(provider) {
    if (provider.revokeUrl === undefined)
      throw new ProxyError(
        404,
        'revocation_not_supported',
        'This provider has no revocation endpoint configured',
      );
    return provider.revokeUrl;
  },
  allowEmptyAnswer: true,
};

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

export async function handleOAuthRoute(
  route: OAuthRoute,
  request: Request,
  provider: ProxyProviderConfig,
  origin: string,
  timeoutMs: number,
  fetchUpstream: UpstreamFetch,
  corsHeaders: Record<string, string>,
): Promise<Response> {
  const url = route.url(provider);
  if (mediaType(request) !== 'application/x-www-form-urlencoded') {
    throw new ProxyError(
      415,
      'unsupported_media_type',
      'The body must be application/x-www-form-urlencoded',
    );
  }
  const params = readOAuthParams(await readLimitedBody(request, TOKEN_BODY_LIMIT), route.known);
  route.check(params, origin);

  const upstream = upstreamRequest(route, params, provider);
  const proof = dpopProof(request);
  if (proof !== undefined) upstream.headers.dpop = proof;
  const answer = await callUpstream(fetchUpstream, url, upstream, timeoutMs, (response) =>
    readJsonAnswer(response, route.allowEmptyAnswer),
  );
  const forms = credentialForms(provider.clientId, provider.clientSecret);
  // A use_dpop_nonce challenge (RFC 9449 8) needs the nonce; so does every later proof.
  const nonce = dpopNonceHeader(answer.headers);
  if (answer.status >= 400 && answer.text !== '') {
    const rebuilt = rebuildOAuthError(JSON.parse(answer.text), answer.status, forms);
    return new Response(JSON.stringify(rebuilt), {
      status: answer.status,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        pragma: 'no-cache',
        'x-content-type-options': 'nosniff',
        ...nonce,
        ...corsHeaders,
      },
    });
  }
  // Defence in depth: a provider that echoes the secret back, in any encoding, must not hand it
  // to the browser. (Below 8 characters a match is more likely chance than an echo.)
  if (containsCredential(answer.text, forms)) {
    throw new ProxyError(
      502,
      'upstream_invalid_response',
      'The provider answered with the client secret in its body; the answer was withheld',
    );
  }
  if (answer.text === '')
    return new Response(null, {
      status: answer.status,
      headers: { 'cache-control': 'no-store', ...nonce, ...corsHeaders },
    });
  return new Response(answer.text, {
    status: answer.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      pragma: 'no-cache',
      ...nonce,
      ...corsHeaders,
    },
  });
}

/** The exact request that goes upstream: forwarded parameters in a fixed order, then the client's credentials. */
export function upstreamRequest(
  route: Pick<OAuthRoute, 'known'>,
  params: ReadonlyMap<string, string>,
  provider: ProxyProviderConfig,
): { method: 'POST'; headers: Record<string, string>; body: string } {
  const fields: [string, string][] = [];
  for (const name of route.known) {
    const value = params.get(name);
    if (name !== 'client_id' && value !== undefined) fields.push([name, value]);
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  const secret = provider.clientSecret;
  if (secret === undefined || provider.clientAuthentication === 'none') {
    // A public client (RFC 6749 2.1): identified by its client_id alone, PKCE proves the rest.
    fields.push(['client_id', provider.clientId]);
  } else if (provider.clientAuthentication === 'client_secret_basic') {
    headers.authorization = basicAuthorization(provider.clientId, secret);
  } else {
    fields.push(['client_id', provider.clientId], ['client_secret', secret]);
  }
  if (provider.tokenRequestEncoding === 'json') {
    headers['content-type'] = 'application/json';
    return { method: 'POST', headers, body: JSON.stringify(Object.fromEntries(fields)) };
  }
  headers['content-type'] = 'application/x-www-form-urlencoded';
  return { method: 'POST', headers, body: new URLSearchParams(fields).toString() };
}
