import type { ResolvedProvider } from '../../src/config/resolve';
import { resolveProviders } from '../../src/config/resolve';
import { validateConfig } from '../../src/config/validate';
import { createAuthorizationFlow, type OAuthDeps } from '../../src/oauth/flow';
import type { FetchLike } from '../../src/oauth/http';
import type { Randomness } from '../../src/oauth/random';
import { createCipher } from '../../src/vault/cipher';
import { createConnectionStore } from '../../src/vault/connections';
import { createMemoryStore } from '../../src/vault/store';

export const ISSUER = 'https://id.example.test';
export const APP_ORIGIN = 'https://app.example.test';
/** Each provider's own redirect URI, as the app builds it (RFC 9700 4.4.2). */
export const redirectUriFor = (providerId: string) => `${APP_ORIGIN}/callback/${providerId}`;
/** The redirect URI of "acme", the provider most tests use. */
export const REDIRECT_URI = redirectUriFor('acme');

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/**
 * An injected fetch that answers like a provider and records every request that reaches it. A
 * request to no route is refused with its method and URL (an Error, not the TypeError a browser
 * gives for CORS) and kept in `unexpected`; `assertAllUsed()` fails the test on any of those and
 * on any route nobody called.
 */
export function fakeFetch(
  routes: Record<string, (req: RecordedRequest) => Response | Promise<Response>>,
) {
  const requests: RecordedRequest[] = [];
  const unexpected: RecordedRequest[] = [];
  const fetchImpl: FetchLike = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const body = init?.body === undefined || init.body === null ? '' : String(init.body);
    const req = { method: init?.method ?? 'GET', url, headers: new Headers(init?.headers), body };
    requests.push(req);
    const route = routes[url.split('?')[0]!];
    if (!route) {
      unexpected.push(req);
      throw new Error(`fakeFetch: unexpected request ${req.method} ${url}`);
    }
    return route(req);
  };
  const assertAllUsed = (): void => {
    const problems = unexpected.map((r) => `unexpected ${r.method} ${r.url}`);
    for (const path of Object.keys(routes)) {
      if (!requests.some((r) => r.url.split('?')[0] === path))
        problems.push(`never called ${path}`);
    }
    if (problems.length > 0) throw new Error(`fakeFetch: ${problems.join('; ')}`);
  };
  return { fetch: fetchImpl, requests, unexpected, assertAllUsed };
}

export const discoveryDocument = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  revocation_endpoint: `${ISSUER}/revoke`,
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
};

export function fixedRandomness(): Randomness {
  let n = 0;
  return {
    state: () => `state-${++n}`,
    nonce: () => `nonce-${n}`,
    codeVerifier: () => 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    id: () => `conn-${n}`,
  };
}

export async function testProviders(raw: unknown): Promise<ResolvedProvider[]> {
  return resolveProviders(validateConfig(raw));
}

/** A flow on in-memory stores with a frozen clock the test can move. */
export async function makeFlow(
  providers: ResolvedProvider[],
  fetchImpl: FetchLike,
  overrides: Partial<OAuthDeps> = {},
) {
  const clock = { now: Date.UTC(2026, 10, 25, 12, 0, 0) };
  const transactions = createMemoryStore();
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const connectionData = createMemoryStore();
  const cipher = createCipher(key);
  const connections = createConnectionStore(connectionData, cipher);
  const addressBar = {
    replaced: [] as string[],
    replace(url: string) {
      this.replaced.push(url);
    },
  };
  const flow = createAuthorizationFlow({
    provider: (id) => providers.find((p) => p.id === id),
    transactions,
    transactionCipher: cipher,
    connections,
    redirectUri: redirectUriFor,
    appOrigin: APP_ORIGIN,
    fetch: fetchImpl,
    now: () => clock.now,
    random: fixedRandomness(),
    addressBar,
    ...overrides,
  });
  return { flow, clock, transactions, cipher, connections, connectionData, addressBar };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
