import * as oauth from 'oauth4webapi';
import { isLoopbackUrl } from '../config/validate';
import { ErrorCode, KeyfobError } from './errors';
import { proxyRefusal } from './proxy-refusal';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** How long any network call may take before it fails with TIMEOUT. */
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface NetworkDeps {
  fetch?: FetchLike;
  appOrigin: string;
  /** navigator.onLine in the browser: tells OFFLINE from the rest. Assumed online when absent. */
  online?: () => boolean;
  /** Per request; DEFAULT_TIMEOUT_MS when absent. */
  timeoutMs?: number;
}

const urlOf = (input: string | URL | Request) =>
  new URL(input instanceof Request ? input.url : String(input));

/**
 * Which protocol step a request is, read off the request itself (oauth4webapi builds them), so
 * that one wrapped fetch can serve discovery, the code exchange and the refresh alike.
 */
export function stepOf(
  input: string | URL | Request,
  init: RequestInit | undefined,
  fallback: string,
) {
  const url = urlOf(input);
  if (url.pathname.includes('/.well-known/')) return 'discovery';
  const body =
    typeof init?.body === 'string' || init?.body instanceof URLSearchParams
      ? String(init.body)
      : '';
  const grant = /grant_type\W{0,3}(authorization_code|refresh_token)/.exec(body)?.[1];
  if (grant === 'authorization_code') return 'code exchange';
  if (grant === 'refresh_token') return 'token refresh';
  if (/token_type_hint/.test(body)) return 'revocation';
  return fallback;
}

class Deadline extends Error {}

/**
 * Wraps fetch with Keyfob's one vocabulary for calls that get no (readable) answer: TIMEOUT after
 * `timeoutMs` (the request is aborted, and the wait ends even if the fetch ignores the signal),
 * OFFLINE when the device has no network, and for a rejected fetch either CORS_BLOCKED or
 * UNREACHABLE. A browser rejects a cross-origin fetch with the same bare TypeError whether the host
 * is down or merely sent no CORS headers, on purpose. To tell them apart honestly we ask once more
 * with `mode: 'no-cors'` (HEAD, no credentials, no body, so nothing secret is sent): such a request
 * needs no CORS permission, so if any (opaque) answer arrives the host is up and CORS is what hid
 * the first answer; if that also fails, the host is unreachable. A host that answers only some
 * requests could still fool this, which is why the message names the endpoint. An answer the token
 * proxy marks as its own refusal becomes the matching Keyfob code (proxy-refusal.ts).
 */
export function describingNetworkErrors(
  fetchImpl: FetchLike,
  deps: Omit<NetworkDeps, 'fetch'>,
  fallbackStep = 'request',
): FetchLike {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (input, init) => {
    const url = urlOf(input);
    const step = stepOf(input, init, fallbackStep);
    const details = { step, endpoint: `${url.origin}${url.pathname}` };
    const timeout = () =>
      new KeyfobError(
        ErrorCode.TIMEOUT,
        `${url.host} did not answer the ${step} within ${Math.round(timeoutMs / 1000)} s.`,
        details,
      );
    if (deps.online && !deps.online()) {
      throw new KeyfobError(
        ErrorCode.OFFLINE,
        `This device is offline, so the ${step} to ${url.host} could not be sent.`,
        details,
      );
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort(new Deadline());
        reject(new Deadline());
      }, timeoutMs);
    });
    const signal = init?.signal
      ? AbortSignal.any([init.signal, controller.signal])
      : controller.signal;
    let response: Response;
    try {
      response = await Promise.race([fetchImpl(input, { ...init, signal }), deadline]);
    } catch (cause) {
      if (cause instanceof KeyfobError) throw cause;
      if (cause instanceof Deadline || controller.signal.aborted) throw timeout();
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      if (deps.online && !deps.online()) {
        throw new KeyfobError(
          ErrorCode.OFFLINE,
          `This device went offline during the ${step} to ${url.host}.`,
          { ...details, cause },
        );
      }
      if (url.origin !== deps.appOrigin && (await answersWithoutCors(fetchImpl, url, timeoutMs))) {
        throw new KeyfobError(
          ErrorCode.CORS_BLOCKED,
          `${url.host} answered the ${step}, but does not allow this page to read the answer (no CORS headers at ${details.endpoint}). Route this provider through the proxy (useProxy for tokens, useApiRelay for API calls).`,
          { ...details, cause },
        );
      }
      throw new KeyfobError(
        ErrorCode.UNREACHABLE,
        `${url.host} could not be reached for the ${step}: it is down, its name does not resolve, or it refused the connection.`,
        { ...details, cause },
      );
    } finally {
      clearTimeout(timer);
    }
    // The token proxy's own refusals become Keyfob codes here, once for every call through it.
    const refused = await proxyRefusal(response, details);
    if (refused) throw refused;
    return response;
  };
}

async function answersWithoutCors(fetchImpl: FetchLike, url: URL, timeoutMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const controller = new AbortController();
  try {
    const probe = fetchImpl(url.href, {
      method: 'HEAD',
      mode: 'no-cors',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Deadline());
      }, timeoutMs);
    });
    await Promise.race([probe, deadline]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The injected fetch (the page's own by default), with unanswered requests described. */
export function networkFetch(deps: NetworkDeps, fallbackStep?: string): FetchLike {
  return describingNetworkErrors(deps.fetch ?? ((i, init) => fetch(i, init)), deps, fallbackStep);
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
