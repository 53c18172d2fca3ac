/**
 * Every refusal the proxy makes is a `ProxyError` with a stable `code`, mapped to a JSON response
 * in one place (`errorResponse`). The body uses OAuth's `{error, error_description}` shape so the
 * app's OAuth client reads proxy refusals and provider errors the same way.
 */

/**
 * The stable codes the proxy answers with. Clients switch on these, never on the text; Keyfob's app
 * maps each to one of its own codes (src/oauth/proxy-refusal.ts).
 */
export type ProxyErrorCode =
  | 'invalid_request'
  | 'unsupported_grant_type'
  | 'unknown_provider'
  | 'revocation_not_supported'
  | 'relay_disabled'
  | 'invalid_path'
  | 'origin_not_allowed'
  | 'redirect_uri_not_allowed'
  | 'unsupported_media_type'
  | 'request_too_large'
  | 'rate_limited'
  | 'not_found'
  | 'method_not_allowed'
  | 'upstream_unreachable'
  | 'upstream_invalid_response'
  | 'upstream_timeout'
  | 'relay_busy'
  | 'invalid_dpop_proof'
  | 'request_timeout'
  | 'request_header_fields_too_large'
  | 'server_error';

export class ProxyError extends Error {
  override readonly name = 'ProxyError';

  constructor(
    readonly status: number,
    readonly code: ProxyErrorCode,
    readonly description: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(description);
  }
}

/**
 * Set on the proxy's own refusals only, never on a provider's answer it passes on, so a client can
 * tell "the proxy said no" from a relayed `{error}` body.
 */
export const PROXY_ERROR_HEADER = 'keyfob-proxy-error';

/** The JSON body and headers for a refusal; `extraHeaders` carries CORS for allowed origins. */
export function errorResponse(
  error: ProxyError,
  extraHeaders: Readonly<Record<string, string>> = {},
): Response {
  return jsonResponse(
    error.status,
    { error: error.code, error_description: error.description },
    { ...extraHeaders, ...error.headers, [PROXY_ERROR_HEADER]: error.code },
  );
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // Token responses and refusals must never be cached by a shared cache (RFC 6749 5.1).
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}
