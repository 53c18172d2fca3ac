import { describe, expect, it, vi } from 'vitest';
import type { AuthorizedFetch } from '../../../src/oauth/authorized-fetch';
import { createConnectionChecker } from '../../../src/oauth/check-connection';
import { ErrorCode, KeyfobError } from '../../../src/oauth/errors';
import type { Connection } from '../../../src/oauth/types';
import { APP_ORIGIN, json, makeFlow, testProviders } from '../../support/fake-provider';

const config = {
  proxyUrl: 'https://proxy.example.test',
  providers: { cloudconvert: { clientId: 'cc', useProxy: true } },
};

function ccConnection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 'c1',
    providerId: 'cloudconvert',
    providerName: 'CloudConvert',
    authMethod: 'oauth',
    createdAt: 1,
    updatedAt: 1,
    expiresAt: 10_000,
    grantedScopes: ['user.read'],
    hasRefreshToken: true,
    identity: { displayName: 'old-name', details: { credits: 1 } },
    status: 'connected',
    credential: { kind: 'oauth', accessToken: 'at-1', tokenType: 'bearer', refreshToken: 'rt-1' },
    ...overrides,
  };
}

async function setup(api: AuthorizedFetch) {
  const providers = await testProviders(config);
  const { connections } = await makeFlow(providers, async () => {
    throw new Error('no direct request expected');
  });
  const check = createConnectionChecker({
    provider: (id) => providers.find((p) => p.id === id),
    connections,
    appOrigin: APP_ORIGIN,
    api,
    now: () => 5000,
  });
  return { connections, check };
}

describe('Check connection through authorizedFetch', () => {
  it('asks with paths under the API, and keeps a token refreshed meanwhile', async () => {
    const ref: { connections?: Awaited<ReturnType<typeof setup>>['connections'] } = {};
    const api = vi.fn<AuthorizedFetch>(async (_id, path) => {
      // Another tab refreshes while the probe is in flight.
      await ref.connections!.save(
        ccConnection({
          credential: {
            kind: 'oauth',
            accessToken: 'at-2',
            tokenType: 'bearer',
            refreshToken: 'rt-2',
          },
          expiresAt: 20_000,
        }),
      );
      expect(path).toBe('/v2/users/me');
      return json({ data: { id: 7, username: 'demo-user', credits: 99 } });
    });
    const { connections, check } = await setup(api);
    ref.connections = connections;
    await connections.save(ccConnection());
    const updated = await check('c1');
    expect(api).toHaveBeenCalledWith('c1', '/v2/users/me');
    expect(updated.credential).toEqual({
      kind: 'oauth',
      accessToken: 'at-2',
      tokenType: 'bearer',
      refreshToken: 'rt-2',
    });
    expect(updated.expiresAt).toBe(20_000);
    expect(updated.identity).toMatchObject({
      displayName: 'demo-user',
      details: { username: 'demo-user', credits: 99 },
    });
    expect(await connections.get('c1')).toEqual(updated);
  });

  it('a connection disconnected while the probe is in flight is not written back', async () => {
    const ref: { connections?: Awaited<ReturnType<typeof setup>>['connections'] } = {};
    const api = vi.fn<AuthorizedFetch>(async () => {
      await ref.connections!.remove('c1');
      return json({ data: { id: 7, username: 'demo-user', credits: 99 } });
    });
    const { connections, check } = await setup(api);
    ref.connections = connections;
    await connections.save(ccConnection());
    await expect(check('c1')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    expect(await connections.get('c1')).toBeUndefined();
  });

  it('a refusal after authorizedFetch’s refresh throws, but leaves a refreshable token alone', async () => {
    const api = vi.fn<AuthorizedFetch>(async () => {
      throw new KeyfobError(ErrorCode.NEEDS_RECONNECT, 'refused even after a refresh', {
        status: 401,
        body: { message: 'Unauthenticated.' },
      });
    });
    const { connections, check } = await setup(api);
    await connections.save(ccConnection());
    await expect(check('c1')).rejects.toMatchObject({
      code: ErrorCode.NEEDS_RECONNECT,
      status: 401,
      message: expect.stringContaining('Unauthenticated.'),
    });
    expect((await connections.get('c1'))!.status).toBe('connected');
  });

  it('a token that cannot renew itself is marked "needs reconnect" when refused', async () => {
    const api = vi.fn<AuthorizedFetch>(async () => {
      throw new KeyfobError(ErrorCode.NEEDS_RECONNECT, 'expired, no refresh token');
    });
    const { connections, check } = await setup(api);
    await connections.save(
      ccConnection({
        hasRefreshToken: false,
        credential: { kind: 'oauth', accessToken: 'at-1', tokenType: 'bearer' },
      }),
    );
    await expect(check('c1')).rejects.toMatchObject({ code: ErrorCode.NEEDS_RECONNECT });
    expect(await connections.get('c1')).toMatchObject({
      status: 'needs-reconnect',
      statusReason: 'expired, no refresh token',
      // The code and the time of the check, for the status ("Needs reconnect", "Last checked").
      statusCode: ErrorCode.NEEDS_RECONNECT,
      updatedAt: 5000,
      checkedAt: 5000,
    });
  });

  it('a reconnect during the check is not marked broken by the old token\'s refusal', async () => {
    const reconnected = ccConnection({
      hasRefreshToken: false,
      updatedAt: 4000,
      obtainedAt: 4000,
      credential: { kind: 'oauth', accessToken: 'at-new', tokenType: 'bearer' },
    });
    const ref: { connections?: Awaited<ReturnType<typeof setup>>['connections'] } = {};
    const api = vi.fn<AuthorizedFetch>(async () => {
      // The person reconnects while the old token is being checked; then the old one is refused.
      await ref.connections?.save(reconnected);
      throw new KeyfobError(ErrorCode.NEEDS_RECONNECT, 'expired, no refresh token');
    });
    const { connections, check } = await setup(api);
    ref.connections = connections;
    await connections.save(
      ccConnection({
        hasRefreshToken: false,
        credential: { kind: 'oauth', accessToken: 'at-1', tokenType: 'bearer' },
      }),
    );
    await expect(check('c1')).rejects.toMatchObject({ code: ErrorCode.NEEDS_RECONNECT });
    expect(await connections.get('c1')).toEqual(reconnected);
  });
});
