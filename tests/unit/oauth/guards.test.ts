import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import {
  ISSUER,
  REDIRECT_URI,
  discoveryDocument,
  fakeFetch,
  json,
  makeFlow,
  testProviders,
} from '../../support/fake-provider';

const config = {
  providers: {
    acme: { name: 'Acme', issuer: ISSUER, clientId: 'spa', scopes: ['openid', 'offline_access'] },
  },
};

describe('guards', () => {
  it('refuses an openid token answer that carries no ID token', async () => {
    const net = fakeFetch({
      [`${ISSUER}/.well-known/openid-configuration`]: () => json(discoveryDocument),
      [`${ISSUER}/token`]: () =>
        json({ access_token: 'at', token_type: 'Bearer', scope: 'openid offline_access' }),
    });
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const url = await setup.flow.startAuthorization('acme', { returnTo: '/connections' });
    const state = url.searchParams.get('state') ?? '';
    const callback = `${REDIRECT_URI}?code=the-code&state=${state}&iss=${encodeURIComponent(ISSUER)}`;
    await expect(setup.flow.completeAuthorization(callback)).rejects.toMatchObject({
      code: ErrorCode.INVALID_RESPONSE,
    });
    expect(await setup.connections.list()).toEqual([]);
    net.assertAllUsed();
  });

  it('config refuses extraAuthorizationParams that name a reserved parameter', async () => {
    const raw = {
      providers: {
        acme: {
          ...config.providers.acme,
          extraAuthorizationParams: { code_challenge_method: 'plain' },
        },
      },
    };
    await expect(testProviders(raw)).rejects.toThrow(
      /extraAuthorizationParams\.code_challenge_method is set by Keyfob and cannot be overridden/,
    );
  });

  it('the flow sets reserved parameters after extras, so extras cannot override them', async () => {
    const net = fakeFetch({
      [`${ISSUER}/.well-known/openid-configuration`]: () => json(discoveryDocument),
    });
    const all = await testProviders(config);
    const resolved = all.find((p) => p.id === 'acme');
    if (!resolved) throw new Error('acme did not resolve');
    const sneaky = {
      ...resolved,
      extraAuthorizationParams: {
        code_challenge_method: 'plain',
        response_type: 'token',
        redirect_uri: 'https://evil.test/cb',
        audience: 'kept',
      },
    };
    const setup = await makeFlow([...all.filter((p) => p !== resolved), sneaky], net.fetch);
    const url = await setup.flow.startAuthorization('acme', { returnTo: '/connections' });
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('audience')).toBe('kept');
    // Discovery may come from the module-level cache an earlier test filled, so only strays count.
    expect(net.unexpected).toEqual([]);
  });
});
