import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import {
  ISSUER,
  redirectUriFor,
  discoveryDocument,
  fakeFetch,
  json,
  makeFlow,
  testProviders,
} from '../../support/fake-provider';

// `npm run bench:connect` reads the callback's timeline from this User Timing mark.
const TOKEN_MARK = 'keyfob:token';
const marks = () => performance.getEntriesByName(TOKEN_MARK, 'mark');

const config = {
  providers: {
    manual: {
      name: 'Manual',
      authorizationEndpoint: 'https://a.test/authorize',
      tokenEndpoint: 'https://a.test/token',
      clientId: 'x',
      scopes: ['read'],
    },
  },
};

describe('the keyfob:token mark', () => {
  beforeEach(() => performance.clearMarks(TOKEN_MARK));

  it('is set once the token response is validated, before the connection is stored', async () => {
    const marksAtTokenRequest: number[] = [];
    const net = fakeFetch({
      'https://a.test/token': () => {
        marksAtTokenRequest.push(marks().length);
        return json({ access_token: 'at-m', token_type: 'bearer', expires_in: 60 });
      },
    });
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const marksAtSave: number[] = [];
    const save = setup.connections.save.bind(setup.connections);
    setup.connections.save = async (connection) => {
      marksAtSave.push(marks().length);
      return save(connection);
    };
    const url = await setup.flow.startAuthorization('manual');
    const callback = `${redirectUriFor('manual')}?code=c&state=${url.searchParams.get('state')}`;
    const before = performance.now();
    await setup.flow.completeAuthorization(callback);
    // A second call is refused as used before any exchange: still one mark.
    await expect(setup.flow.completeAuthorization(callback)).rejects.toMatchObject({
      code: ErrorCode.TRANSACTION_USED,
    });

    expect(marksAtTokenRequest).toEqual([0]);
    expect(marksAtSave).toEqual([1]);
    expect(marks()).toHaveLength(1);
    expect(marks()[0]!.startTime).toBeGreaterThanOrEqual(before);
  });

  it('is not set when the token endpoint refuses the code', async () => {
    const net = fakeFetch({
      [`${ISSUER}/.well-known/openid-configuration`]: () => json(discoveryDocument),
      'https://a.test/token': () => json({ error: 'invalid_grant' }, 400),
    });
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const url = await setup.flow.startAuthorization('manual');
    await expect(
      setup.flow.completeAuthorization(
        `${redirectUriFor('manual')}?code=c&state=${url.searchParams.get('state')}`,
      ),
    ).rejects.toMatchObject({ code: ErrorCode.TOKEN_ENDPOINT_ERROR });
    expect(marks()).toHaveLength(0);
  });
});
