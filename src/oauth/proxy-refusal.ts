import type { ProxyErrorCode } from '../../proxy/errors';
import { ErrorCode, KeyfobError } from './errors';

/**
 * The header the token proxy sets on its own refusals (proxy/errors.ts), and only on those: a
 * relayed API answer or a provider's OAuth error can carry the same `{error}` body shape, so the
 * body alone cannot say who refused. Spelled here too: the app bundles nothing from proxy/.
 */
export const PROXY_ERROR_HEADER = 'keyfob-proxy-error';

/**
 * Each proxy refusal as the Keyfob code the page acts on. The proxy failing to reach or read the
 * provider is the same failed call as the app failing to (UNREACHABLE, TIMEOUT, INVALID_RESPONSE);
 * the proxy's rate limit and full relay ask to slow down; everything else is the deployment
 * refusing this request. Typed against the proxy's own list, so a new proxy code must be mapped.
 */
export const keyfobCodeOfProxyError: { readonly [C in ProxyErrorCode]: ErrorCode } = {
  upstream_unreachable: ErrorCode.UNREACHABLE,
  upstream_timeout: ErrorCode.TIMEOUT,
  upstream_invalid_response: ErrorCode.INVALID_RESPONSE,
  rate_limited: ErrorCode.RATE_LIMITED,
  relay_busy: ErrorCode.RATE_LIMITED,
  invalid_request: ErrorCode.PROXY_REFUSED,
  unsupported_grant_type: ErrorCode.PROXY_REFUSED,
  unknown_provider: ErrorCode.PROXY_REFUSED,
  revocation_not_supported: ErrorCode.PROXY_REFUSED,
  relay_disabled: ErrorCode.PROXY_REFUSED,
  invalid_path: ErrorCode.PROXY_REFUSED,
  origin_not_allowed: ErrorCode.PROXY_REFUSED,
  redirect_uri_not_allowed: ErrorCode.PROXY_REFUSED,
  unsupported_media_type: ErrorCode.PROXY_REFUSED,
  request_too_large: ErrorCode.PROXY_REFUSED,
  not_found: ErrorCode.PROXY_REFUSED,
  method_not_allowed: ErrorCode.PROXY_REFUSED,
  invalid_dpop_proof: ErrorCode.PROXY_REFUSED,
  request_timeout: ErrorCode.PROXY_REFUSED,
  request_header_fields_too_large: ErrorCode.PROXY_REFUSED,
  server_error: ErrorCode.PROXY_REFUSED,
};

function isProxyErrorCode(code: string): code is ProxyErrorCode {
  return Object.hasOwn(keyfobCodeOfProxyError, code);
}

async function descriptionOf(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error_description?: unknown } | null;
    return typeof body?.error_description === 'string' ? body.error_description : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The proxy's refusal in an answer as a KeyfobError, or undefined when the answer is not one (the
 * provider's own answer, relayed or not). `proxyCode` keeps the proxy's code verbatim.
 */
export async function proxyRefusal(
  response: Response,
  call: { step: string; endpoint: string },
): Promise<KeyfobError | undefined> {
  const proxyCode = response.headers.get(PROXY_ERROR_HEADER);
  if (proxyCode === null || response.ok) return undefined;
  const code = isProxyErrorCode(proxyCode)
    ? keyfobCodeOfProxyError[proxyCode]
    : ErrorCode.PROXY_REFUSED;
  const said = await descriptionOf(response);
  // The proxy sends Retry-After in seconds (proxy/rate-limit.ts, relay.ts).
  const retryAfter = response.headers.get('retry-after');
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  const upstream = code !== ErrorCode.PROXY_REFUSED && code !== ErrorCode.RATE_LIMITED;
  return new KeyfobError(
    code,
    upstream
      ? `The token proxy could not complete the ${call.step} with the provider (${proxyCode}${said ? `: ${said}` : ''}).`
      : `The token proxy refused the ${call.step} (${proxyCode}${said ? `: ${said}` : ''}).` +
          (code === ErrorCode.RATE_LIMITED && seconds !== undefined
            ? ` Try again in ${seconds} seconds.`
            : ''),
    {
      proxyCode,
      status: response.status,
      step: call.step,
      endpoint: call.endpoint,
      retryAfterSeconds: code === ErrorCode.RATE_LIMITED ? seconds : undefined,
    },
  );
}
