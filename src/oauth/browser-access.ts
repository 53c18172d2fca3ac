import type { FetchLike } from './http';

/** The endpoints this page calls itself, once connected. */
export type ProbedEndpoint = 'token' | 'revocation' | 'userinfo' | 'api';

/**
 * `allowed`: the browser let this page read the answer (whatever its status); `blocked`: it did
 * not (no CORS headers, or no answer at all: from a page the two look the same); `no-answer`: no
 * answer within the time limit.
 */
export type BrowserAccess = 'allowed' | 'blocked' | 'no-answer';

export interface EndpointAccess {
  endpoint: ProbedEndpoint;
  url: string;
  access: BrowserAccess;
  /** The deployment sends this endpoint's calls through the token proxy, not from the page. */
  proxied: boolean;
}

export interface ProbeTarget {
  endpoint: ProbedEndpoint;
  url: string;
  proxied: boolean;
}

const LABEL: Record<ProbedEndpoint, string> = {
  token: 'token endpoint',
  revocation: 'revocation endpoint',
  userinfo: 'UserInfo endpoint',
  api: 'API',
};

/**
 * The request that tells, without any code or credential, whether the browser lets this page read
 * an endpoint's answers: the shape of the real call (a form POST for the token and revocation
 * endpoints, a GET for UserInfo and the API) with nothing in it that could be used. A token
 * endpoint answers `invalid_request` to an authorization_code grant without a code; what matters
 * is only whether the browser hands that answer to the page (CORS, Fetch standard §3.2).
 * @see https://fetch.spec.whatwg.org/#http-cors-protocol
 */
function probeRequest(target: ProbeTarget): RequestInit {
  const base: RequestInit = { credentials: 'omit', cache: 'no-store', redirect: 'manual' };
  if (target.endpoint === 'token' || target.endpoint === 'revocation') {
    return {
      ...base,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: target.endpoint === 'token' ? 'grant_type=authorization_code' : '',
    };
  }
  return { ...base, method: 'GET', headers: { accept: 'application/json' } };
}

/**
 * Probes each target once, in parallel, each within `timeoutMs`. Never sends a code, token, client
 * id or secret: only the grant type on the token endpoint and nothing at all elsewhere.
 */
export async function probeBrowserAccess(
  targets: ProbeTarget[],
  fetchImpl: FetchLike,
  timeoutMs = 5000,
): Promise<EndpointAccess[]> {
  return Promise.all(
    targets.map(async (target): Promise<EndpointAccess> => {
      try {
        await fetchImpl(target.url, {
          ...probeRequest(target),
          signal: AbortSignal.timeout(timeoutMs),
        });
        return { ...target, access: 'allowed' };
      } catch (error) {
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
        return { ...target, access: timedOut ? 'no-answer' : 'blocked' };
      }
    }),
  );
}

/** One plain sentence per probed endpoint, as shown before the person is sent away. */
export function accessSentence(providerName: string, result: EndpointAccess): string {
  const what = `${providerName}'s ${LABEL[result.endpoint]}`;
  if (result.access === 'allowed') return `${what} allows this page to call it.`;
  const problem =
    result.access === 'blocked'
      ? `${what} does not allow browsers`
      : `${what} did not answer in time`;
  return result.proxied
    ? `${problem}: this deployment routes it through the proxy.`
    : `${problem}: calls from this page will fail unless it is routed through the proxy (useProxy and proxyUrl in config.json).`;
}
