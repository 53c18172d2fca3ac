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
});
