import {
  createProxy,
  loadConfig,
  type Env,
  type ProxyLogEntry,
  type ProxyOptions,
} from '../../../proxy/index';

/** Shared fixtures: a configuration with one provider of every shape, a fake upstream and a clock. */

export const ORIGIN = 'https://app.example';
export const OTHER_ORIGIN = 'https://evil.example';
export const REDIRECT_URI = `${ORIGIN}/callback`;
/** Characters that form-encoding and Basic encoding treat differently, to prove the exact bytes. */
export const CC_SECRET = 'sEcr3t:with spaces&=+/%';
export const SANDBOX_ID = 'sandbox client:1';
export const SANDBOX_SECRET = 'p@ss w/rd~*';
export const SECRETS = [
  'cc-secret-never-shown',
  CC_SECRET,
  SANDBOX_SECRET,
  'va-secret',
  'cv-secret',
];

export function testEnv(extra: Env = {}): Env {
  return {
    KEYFOB_PROXY_ORIGINS: `${ORIGIN}, http://127.0.0.1:5173`,
    KEYFOB_PROXY_PROVIDERS: 'cloudconvert,convert,videoask,sandbox-confidential',
    KEYFOB_CLOUDCONVERT_CLIENT_ID: 'cc-id',
    KEYFOB_CLOUDCONVERT_CLIENT_SECRET: CC_SECRET,
    KEYFOB_CONVERT_CLIENT_ID: 'cv-id',
    KEYFOB_CONVERT_CLIENT_SECRET: 'cv-secret',
    KEYFOB_VIDEOASK_CLIENT_ID: 'va-id',
    KEYFOB_VIDEOASK_CLIENT_SECRET: 'va-secret',
    KEYFOB_VIDEOASK_API_RELAY: '1',
    KEYFOB_SANDBOX_CONFIDENTIAL_CLIENT_ID: SANDBOX_ID,
    KEYFOB_SANDBOX_CONFIDENTIAL_CLIENT_SECRET: SANDBOX_SECRET,
    KEYFOB_SANDBOX_CONFIDENTIAL_TOKEN_URL: 'http://127.0.0.1:9999/oauth/token',
    KEYFOB_SANDBOX_CONFIDENTIAL_REVOKE_URL: 'http://127.0.0.1:9999/oauth/revoke',
    KEYFOB_SANDBOX_CONFIDENTIAL_API_URL: 'http://127.0.0.1:9999/api/v1/',
    KEYFOB_SANDBOX_CONFIDENTIAL_API_RELAY: '1',
    KEYFOB_SANDBOX_CONFIDENTIAL_CLIENT_AUTH: 'client_secret_basic',
    KEYFOB_PROXY_RATE_LIMIT: 'off',
    ...extra,
  };
}

export interface UpstreamCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export type Answer = (request: Request) => Response | Promise<Response>;

export const tokenAnswer: Answer = () =>
  Response.json({
    access_token: 'at-123',
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: 'rt-456',
  });

/** An injected fetch that records exactly what would have gone on the wire. */
export function fakeUpstream(answer: Answer = tokenAnswer) {
  const calls: UpstreamCall[] = [];
  const requests: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    calls.push({
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      body: await request.clone().text(),
    });
    return answer(request);
  };
  return { calls, requests, fetch };
}

export function setup(options: { env?: Env; answer?: Answer; proxy?: ProxyOptions } = {}) {
  const upstream = fakeUpstream(options.answer);
  const logs: ProxyLogEntry[] = [];
  const clock = { t: Date.UTC(2026, 0, 1), advance: (ms: number) => (clock.t += ms) };
  const proxy = createProxy(loadConfig(testEnv(options.env)), {
    fetch: upstream.fetch,
    now: () => clock.t,
    log: (entry) => logs.push(entry),
    ...options.proxy,
  });
  return { proxy, upstream, logs, clock };
}

export function form(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

export const codeGrant = {
  grant_type: 'authorization_code',
  code: 'the-code',
  redirect_uri: REDIRECT_URI,
  code_verifier: 'the-verifier-0123456789012345678901234567890123',
  client_id: 'browser-sent-id',
};

/** A POST as the app's browser sends it. */
export function post(
  path: string,
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
): Request {
  return new Request(`https://proxy.example${path}`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
}

export async function errorOf(
  response: Response,
): Promise<{ error: string; error_description: string }> {
  return (await response.json()) as { error: string; error_description: string };
}
