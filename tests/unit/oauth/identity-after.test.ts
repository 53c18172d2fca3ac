import { describe, expect, it } from 'vitest';
import {
  ISSUER,
  discoveryDocument,
  fakeFetch,
  json,
  makeFlow,
  testProviders,
} from '../../support/fake-provider';
import { config, idToken, startAndCallback } from './flow-fixtures';

/** The acme server with a UserInfo endpoint whose answer the test releases when it wants. */
function serverWithUserInfo(userInfo: () => Promise<Response>) {
  return fakeFetch({
    [`${ISSUER}/.well-known/openid-configuration`]: () =>
      json({ ...discoveryDocument, userinfo_endpoint: `${ISSUER}/userinfo` }),
    [`${ISSUER}/token`]: () =>
      json({
        access_token: 'at-1',
        token_type: 'Bearer',
        expires_in: 120,
        scope: 'openid offline_access',
        // No name in the ID token: UserInfo has it (OpenID Connect Core 5.4).
        id_token: idToken({ sub: 'u1', nonce: 'nonce-1' }),
      }),
    [`${ISSUER}/userinfo`]: userInfo,
  });
}

describe('the identity fills in after the connection is stored', () => {
  it('connects without waiting for UserInfo, then adds the name to the stored connection', async () => {
    let answer!: (response: Response) => void;
    const pending = new Promise<Response>((resolve) => (answer = resolve));
    const net = serverWithUserInfo(() => pending);
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const { callback } = await startAndCallback(setup);
    const { connection } = await setup.flow.completeAuthorization(callback);
    // Until then the subject stands in for the name, as it does for a server without UserInfo.
    expect(connection.identity).toMatchObject({ subject: 'u1', displayName: 'u1' });
    expect(await setup.connections.get(connection.id)).toMatchObject({ status: 'connected' });
    answer(json({ sub: 'u1', name: 'Ada Lovelace' }));
    await expect
      .poll(async () => (await setup.connections.get(connection.id))?.identity)
      .toMatchObject({ subject: 'u1', displayName: 'Ada Lovelace' });
  });

  it('keeps the connection when UserInfo fails, and ignores an answer for another subject', async () => {
    for (const failure of [
      () => Promise.resolve(json({ error: 'server_error' }, 500)),
      () => Promise.resolve(json({ sub: 'someone-else', name: 'Mallory' })),
      () => Promise.reject(new TypeError('Failed to fetch')),
    ]) {
      const net = serverWithUserInfo(failure);
      const setup = await makeFlow(await testProviders(config), net.fetch);
      const { callback } = await startAndCallback(setup);
      const { connection } = await setup.flow.completeAuthorization(callback);
      await expect.poll(() => net.requests.some((r) => r.url === `${ISSUER}/userinfo`)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await setup.connections.get(connection.id)).toMatchObject({
        status: 'connected',
        identity: { subject: 'u1', displayName: 'u1' },
      });
    }
  });
});
