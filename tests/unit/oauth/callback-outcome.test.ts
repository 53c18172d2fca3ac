import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import type { ConnectionStore } from '../../../src/vault/connections';
import {
  ISSUER,
  discoveryDocument,
  fakeFetch,
  json,
  makeFlow,
  redirectUriFor,
  testProviders,
} from '../../support/fake-provider';

const config = {
  providers: { acme: { name: 'Acme', issuer: ISSUER, clientId: 'spa', scopes: ['read'] } },
};
const tokens = () => json({ access_token: 'at-1', token_type: 'Bearer', expires_in: 120 });

async function started(
  tokenHandler: () => Response | Promise<Response> = tokens,
  overrides: Parameters<typeof makeFlow>[2] = {},
) {
  const net = fakeFetch({
    [`${ISSUER}/.well-known/openid-configuration`]: () => json(discoveryDocument),
    [`${ISSUER}/token`]: tokenHandler,
  });
  const setup = await makeFlow(await testProviders(config), net.fetch, overrides);
  const url = await setup.flow.startAuthorization('acme');
  const state = url.searchParams.get('state')!;
  const callback = `${redirectUriFor('acme')}?code=c&state=${state}&iss=${encodeURIComponent(ISSUER)}`;
  return { ...setup, net, state, callback };
}

describe('a replayed callback', () => {
  it('names the connection the first one made, sealed in the used marker', async () => {
    const setup = await started();
    const { connection } = await setup.flow.completeAuthorization(setup.callback);
    const replay = setup.flow.completeAuthorization(setup.callback);
    await expect(replay).rejects.toMatchObject({
      code: ErrorCode.TRANSACTION_USED,
      connectionId: connection.id,
      providerId: 'acme',
    });
    // Only the provider and the time are in the clear: the connection id is sealed.
    const marker = await setup.transactions.get<Record<string, unknown>>(`tx:${setup.state}`);
    expect(Object.keys(marker!).sort()).toEqual(['outcome', 'providerId', 'status', 'usedAt']);
    expect(JSON.stringify(marker)).not.toContain(connection.id);
    expect(setup.net.requests.filter((r) => r.url.endsWith('/token'))).toHaveLength(1);
  });

  it('names none once that connection is gone, or without the key to open the marker', async () => {
    const setup = await started();
    const { connection } = await setup.flow.completeAuthorization(setup.callback);
    const otherKey = await makeFlow(await testProviders(config), setup.net.fetch, {
      transactions: setup.transactions,
      connections: setup.connections,
    });
    const refused = await otherKey.flow.completeAuthorization(setup.callback).catch((e) => e);
    expect(refused).toMatchObject({ code: ErrorCode.TRANSACTION_USED, connectionId: undefined });
    await setup.connections.remove(connection.id);
    const gone = await setup.flow.completeAuthorization(setup.callback).catch((e) => e);
    expect(gone).toMatchObject({ code: ErrorCode.TRANSACTION_USED, connectionId: undefined });
  });
});

describe('a cancelled callback', () => {
  it('stops waiting for a token endpoint that never answers, stores nothing, spends the code', async () => {
    const setup = await started(() => new Promise<Response>(() => undefined));
    const cancel = new AbortController();
    const pending = setup.flow.completeAuthorization(setup.callback, { signal: cancel.signal });
    await expect.poll(() => setup.net.requests.some((r) => r.url.endsWith('/token'))).toBe(true);
    cancel.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(await setup.connections.list()).toEqual([]);
    // Abandoned: the same response cannot be tried again.
    await expect(setup.flow.completeAuthorization(setup.callback)).rejects.toMatchObject({
      code: ErrorCode.TRANSACTION_USED,
      connectionId: undefined,
    });
  });

  it('keeps nothing of an answer that arrives after Cancel', async () => {
    const cancel = new AbortController();
    const saved: string[] = [];
    const inner: { store?: ConnectionStore } = {};
    // The last step before saving: the person cancels just as the answer came in.
    const connections: ConnectionStore = {
      list: async () => {
        cancel.abort();
        return inner.store!.list();
      },
      get: (id) => inner.store!.get(id),
      save: async (c) => {
        saved.push(c.id);
        await inner.store!.save(c);
      },
      remove: (id) => inner.store!.remove(id),
    };
    const setup = await started(tokens, { connections });
    inner.store = setup.connections;
    await expect(
      setup.flow.completeAuthorization(setup.callback, { signal: cancel.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(saved).toEqual([]);
    expect(await setup.connections.list()).toEqual([]);
  });
});
