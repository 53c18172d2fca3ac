import { describe, expect, it } from 'vitest';
import {
  ISSUER,
  discoveryDocument,
  fakeFetch,
  json,
  makeFlow,
  redirectUriFor,
  testProviders,
} from '../../support/fake-provider';

// No openid: no ID token, no UserInfo, no identity probe, so the account has no subject.
const config = {
  providers: { plain: { name: 'Plain', issuer: ISSUER, clientId: 'spa', scopes: ['read'] } },
};

async function connectOnce(setup: Awaited<ReturnType<typeof makeFlow>>) {
  const url = await setup.flow.startAuthorization('plain', { returnTo: '/' });
  const state = url.searchParams.get('state') ?? '';
  const callback = `${redirectUriFor('plain')}?code=c-${state}&state=${state}&iss=${encodeURIComponent(ISSUER)}`;
  return (await setup.flow.completeAuthorization(callback)).connection;
}

describe('de-duplication of a new connection', () => {
  it('never merges two connections whose account has no subject', async () => {
    const net = fakeFetch({
      [`${ISSUER}/.well-known/openid-configuration`]: () => json(discoveryDocument),
      [`${ISSUER}/token`]: () => json({ access_token: 'at', token_type: 'Bearer', scope: 'read' }),
    });
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const first = await connectOnce(setup);
    const second = await connectOnce(setup);
    expect(first.identity?.subject).toBeUndefined();
    expect(second.id).not.toBe(first.id);
    // Both kept: without a subject nothing says they are the same account.
    expect((await setup.connections.list()).map((c) => c.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    expect(net.unexpected).toEqual([]);
  });

  it('does not replace a connection that has a subject with one that has none', async () => {
    const net = fakeFetch({
      [`${ISSUER}/.well-known/openid-configuration`]: () => json(discoveryDocument),
      [`${ISSUER}/token`]: () => json({ access_token: 'at', token_type: 'Bearer', scope: 'read' }),
    });
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const known = await connectOnce(setup);
    await setup.connections.save({ ...known, identity: { displayName: 'Ada', subject: 'u1' } });
    const added = await connectOnce(setup);
    expect(added.id).not.toBe(known.id);
    expect((await setup.connections.get(known.id))?.identity?.subject).toBe('u1');
    expect(net.unexpected).toEqual([]);
  });
});
