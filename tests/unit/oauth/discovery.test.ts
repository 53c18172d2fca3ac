import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, KeyfobError } from '../../../src/oauth/errors';
import { networkFetch } from '../../../src/oauth/http';
import {
  createDiscoveryCache,
  getAuthorizationServer,
  type DiscoveryCache,
} from '../../../src/oauth/server-metadata';
import { APP_ORIGIN, fakeFetch, json, testProviders } from '../../support/fake-provider';

const ORIGIN = 'https://as.example';

function metadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    code_challenge_methods_supported: ['S256'],
  };
}

async function providerFor(issuer: string) {
  const providers = await testProviders({
    providers: { acme: { name: 'Acme', issuer, clientId: 'spa', scopes: ['read'] } },
  });
  return providers.find((p) => p.id === 'acme')!;
}

const notFound = () => new Response('not here', { status: 404 });

describe('discovery by issuer', () => {
  let cache: DiscoveryCache;
  beforeEach(() => {
    cache = createDiscoveryCache();
  });

  it('an OpenID provider: the appended OpenID location answers first', async () => {
    const net = fakeFetch({
      [`${ORIGIN}/.well-known/openid-configuration`]: () => json(metadata(ORIGIN)),
    });
    const as = await getAuthorizationServer(await providerFor(ORIGIN), net.fetch, cache);
    expect(as.token_endpoint).toBe(`${ORIGIN}/token`);
    expect(net.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${ORIGIN}/.well-known/openid-configuration`,
    ]);
    expect(net.requests[0]!.headers.get('accept')).toBe('application/json');
  });

  it('a plain OAuth server (RFC 8414): a 404 at the OpenID location moves on', async () => {
    const net = fakeFetch({
      [`${ORIGIN}/.well-known/openid-configuration`]: notFound,
      [`${ORIGIN}/.well-known/oauth-authorization-server`]: () => json(metadata(ORIGIN)),
    });
    const as = await getAuthorizationServer(await providerFor(ORIGIN), net.fetch, cache);
    expect(as.authorization_endpoint).toBe(`${ORIGIN}/authorize`);
    expect(net.requests.map((r) => r.url)).toEqual([
      `${ORIGIN}/.well-known/openid-configuration`,
      `${ORIGIN}/.well-known/oauth-authorization-server`,
    ]);
  });

  it('an issuer with a path: OpenID appends the segment, RFC 8414 §3.1 inserts it', async () => {
    const issuer = `${ORIGIN}/tenant/a`;
    // The OpenID location is a 404 without CORS headers: the browser rejects the CORS request
    // with a TypeError, while the no-cors probe gets an (opaque) answer, so the host is up and
    // this is CORS_BLOCKED, which moves on to the next location.
    const net = fakeFetch({
      [`${ORIGIN}/.well-known/oauth-authorization-server/tenant/a`]: () => json(metadata(issuer)),
    });
    const browserLike: typeof net.fetch = (input, init) =>
      init?.mode === 'no-cors' ? Promise.resolve(new Response(null)) : net.fetch(input, init);
    const as = await getAuthorizationServer(
      await providerFor(issuer),
      networkFetch({ fetch: browserLike, appOrigin: APP_ORIGIN }),
      cache,
    );
    expect(as.issuer).toBe(issuer);
    expect(net.requests.map((r) => r.url)).toEqual([
      `${ORIGIN}/tenant/a/.well-known/openid-configuration`,
      `${ORIGIN}/.well-known/oauth-authorization-server/tenant/a`,
    ]);
  });

  it('an OpenID provider with a path in its issuer is found at the appended location', async () => {
    const issuer = `${ORIGIN}/realms/demo`;
    const net = fakeFetch({
      [`${ORIGIN}/realms/demo/.well-known/openid-configuration`]: () => json(metadata(issuer)),
    });
    const as = await getAuthorizationServer(await providerFor(issuer), net.fetch, cache);
    expect(as.issuer).toBe(issuer);
    expect(net.requests.map((r) => r.url)).toEqual([
      `${ORIGIN}/realms/demo/.well-known/openid-configuration`,
    ]);
  });

  it('when every location fails, names each URL tried and what happened there', async () => {
    const issuer = `${ORIGIN}/tenant/a`;
    const net = fakeFetch({
      [`${ORIGIN}/tenant/a/.well-known/openid-configuration`]: notFound,
      // What a browser's fetch does with an answer it may not read.
      [`${ORIGIN}/.well-known/oauth-authorization-server/tenant/a`]: () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const error = await getAuthorizationServer(await providerFor(issuer), net.fetch, cache).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KeyfobError);
    expect(error).toMatchObject({
      code: ErrorCode.DISCOVERY_FAILED,
      attempts: [
        { url: `${ORIGIN}/tenant/a/.well-known/openid-configuration`, outcome: 'HTTP 404' },
        {
          url: `${ORIGIN}/.well-known/oauth-authorization-server/tenant/a`,
          outcome: 'no answer this page may read (network error or no CORS headers)',
        },
      ],
    });
    const message = (error as Error).message;
    expect(message).toContain(`${ORIGIN}/tenant/a/.well-known/openid-configuration (HTTP 404)`);
    expect(message).toContain(`${ORIGIN}/.well-known/oauth-authorization-server/tenant/a (`);
  });

  it('the metadata issuer must equal the configured one exactly, not only as a URL', async () => {
    const net = fakeFetch({
      // oauth4webapi would take "https://as.example/" for "https://as.example".
      [`${ORIGIN}/.well-known/openid-configuration`]: () => json(metadata(`${ORIGIN}/`)),
      [`${ORIGIN}/.well-known/oauth-authorization-server`]: () =>
        json(metadata('https://other.example')),
    });
    const error = (await getAuthorizationServer(await providerFor(ORIGIN), net.fetch, cache).catch(
      (e: unknown) => e,
    )) as KeyfobError;
    expect(error.code).toBe(ErrorCode.DISCOVERY_FAILED);
    expect(error.attempts).toEqual([
      {
        url: `${ORIGIN}/.well-known/openid-configuration`,
        outcome: `its issuer is "${ORIGIN}/", not "${ORIGIN}"`,
      },
      {
        url: `${ORIGIN}/.well-known/oauth-authorization-server`,
        outcome: `its issuer is "https://other.example", not "${ORIGIN}/"`,
      },
    ]);
  });

  it('a failed discovery is not cached: the next attempt asks again', async () => {
    let up = false;
    const net = fakeFetch({
      [`${ORIGIN}/.well-known/openid-configuration`]: () =>
        up ? json(metadata(ORIGIN)) : notFound(),
    });
    const provider = await providerFor(ORIGIN);
    await expect(getAuthorizationServer(provider, net.fetch, cache)).rejects.toMatchObject({
      code: ErrorCode.DISCOVERY_FAILED,
    });
    up = true;
    await expect(getAuthorizationServer(provider, net.fetch, cache)).resolves.toMatchObject({
      issuer: ORIGIN,
    });
    await getAuthorizationServer(provider, net.fetch, cache);
    expect(net.requests).toHaveLength(3);
  });
});
