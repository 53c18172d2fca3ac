import {
  ISSUER,
  discoveryDocument,
  fakeFetch,
  json,
  makeFlow,
  redirectUriFor,
} from '../../support/fake-provider';

/** The flow tests' providers: one with discovery and an ID token, one with explicit endpoints. */
export const config = {
  providers: {
    acme: { name: 'Acme', issuer: ISSUER, clientId: 'spa', scopes: ['openid', 'offline_access'] },
    manual: {
      name: 'Manual',
      authorizationEndpoint: 'https://a.test/authorize',
      tokenEndpoint: 'https://a.test/token',
      clientId: 'x',
      scopes: ['read'],
    },
  },
};

export function idToken(claims: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: ISSUER, aud: 'spa', iat: now, exp: now + 300, ...claims })}.c2ln`;
}

/** The acme server (discovery, token) and the manual one (token only), on a fake network. */
export function provider(tokenHandler?: Parameters<typeof fakeFetch>[0][string]) {
  return fakeFetch({
    [`${ISSUER}/.well-known/openid-configuration`]: () => json(discoveryDocument),
    [`${ISSUER}/token`]:
      tokenHandler ??
      (() =>
        json({
          access_token: 'at-1',
          token_type: 'Bearer',
          expires_in: 120,
          refresh_token: 'rt-1',
          scope: 'openid offline_access',
          id_token: idToken({ sub: 'u1', nonce: 'nonce-1', name: 'Demo User' }),
        })),
    'https://a.test/token': () =>
      json({ access_token: 'at-m', token_type: 'bearer', expires_in: 60 }),
  });
}

export async function startAndCallback(setup: Awaited<ReturnType<typeof makeFlow>>, id = 'acme') {
  const url = await setup.flow.startAuthorization(id, { returnTo: '/connections' });
  const state = url.searchParams.get('state')!;
  return {
    url,
    state,
    callback: `${redirectUriFor(id)}?code=the-code&state=${state}&iss=${encodeURIComponent(ISSUER)}`,
  };
}
