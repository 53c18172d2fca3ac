import * as oauth from 'oauth4webapi';
import { isLoopbackUrl } from '../config/validate';
import { ErrorCode, KeyfobError } from './errors';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Wraps fetch so a request that gets no answer becomes a NETWORK error that says what most likely
 * happened. A cross-origin fetch rejected with a TypeError is, from a browser, usually a missing
 * CORS header (the browser hides the difference on purpose), so we say so and point at the proxy.
 */
export function describingNetworkErrors(fetchImpl: FetchLike, appOrigin: string): FetchLike {
  return async (input, init) => {
    try {
      return await fetchImpl(input, init);
    } catch (cause) {
      if (cause instanceof KeyfobError) throw cause;
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      const url = new URL(input instanceof Request ? input.url : String(input));
      const crossOrigin = url.origin !== appOrigin;
      throw new KeyfobError(
        ErrorCode.NETWORK,
        crossOrigin
          ? `${url.host} could not be reached: it is down, offline, or probably blocked by CORS (route this provider through the proxy).`
          : `${url.host} could not be reached.`,
        { corsSuspected: crossOrigin, cause },
      );
    }
  };
}

/** The injected fetch (the page's own by default), with unanswered requests described. */
export function networkFetch(deps: { fetch?: FetchLike; appOrigin: string }): FetchLike {
  return describingNetworkErrors(deps.fetch ?? ((i, init) => fetch(i, init)), deps.appOrigin);
}

/** oauth4webapi's per-request options: our fetch, and http only towards the loopback sandbox. */
export function requestOptions(url: string | undefined, fetchImpl: FetchLike) {
  return {
    [oauth.customFetch]: (target: string, options: oauth.CustomFetchOptions<string, unknown>) =>
      fetchImpl(target, options as RequestInit),
    [oauth.allowInsecureRequests]: url !== undefined && isLoopbackUrl(new URL(url)),
  };
}

/** Seconds from a Retry-After header, in either of its forms (RFC 9110 10.2.3). */
export function retryAfterSeconds(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * A provider's HTTP failure once the caller has said what a refused credential (401, 403) means
 * for it: RATE_LIMITED for a 429, with the Retry-After seconds, PROVIDER_ERROR for anything else.
 * Both keep the status and the provider's body as it came; `words` is the provider's own message.
 */
export function providerHttpError(
  provider: { id: string; name: string },
  response: Response,
  body: unknown,
  words: string | undefined,
  now: number,
): KeyfobError {
  const details = { status: response.status, body, providerId: provider.id };
  if (response.status === 429) {
    const seconds = retryAfterSeconds(response.headers.get('retry-after'), now);
    return new KeyfobError(
      ErrorCode.RATE_LIMITED,
      `${provider.name} asks to slow down (HTTP 429)${seconds !== undefined ? `: try again in ${seconds} seconds` : ''}.`,
      { ...details, retryAfterSeconds: seconds },
    );
  }
  return new KeyfobError(
    ErrorCode.PROVIDER_ERROR,
    `${provider.name} answered HTTP ${response.status}${words ? `: ${words}` : ''}.`,
    details,
  );
}
