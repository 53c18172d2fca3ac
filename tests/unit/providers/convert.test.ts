import { describe, expect, it } from 'vitest';
import { normaliseConvertTokenResponse } from '../../../src/oauth/adapters/convert';
import { createConnectionChecker } from '../../../src/oauth/check-connection';
import { ErrorCode } from '../../../src/oauth/errors';
import {
  APP_ORIGIN,
  redirectUriFor,
  fakeFetch,
  json,
  makeFlow,
  testProviders,
  type RecordedRequest,
} from '../../support/fake-provider';

const AUTHORIZE = 'https://app.convert.test/auth/oauth/authorize';
const TOKEN = 'https://api.convert.test/api/v2/auth/oauth/token';
const API = 'https://api.convert.test/api/v2';
const grant = {
  mode: 'selected',
  accounts: [
    {
      account_id: 100001,
      name: 'Demo Agency',
      projects: [
        { project_id: 200001, name: 'Demo Shop' },
        { project_id: 200002, name: 'Demo Blog' },
      ],
    },
  ],
};

function config(extra: Record<string, unknown> = {}) {
  return {
    providers: {
      convert: {
        clientId: 'convert-client',
        authorizationEndpoint: AUTHORIZE,
        tokenEndpoint: TOKEN,
        apiBaseUrl: API,
        ...extra,
      },
    },
  };
}

function convertFetch(
  clockSeconds: () => number,
  account: () => Response = () =>
    json({ data: { id: 100001, name: 'Demo Agency', timezone: 'UTC' } }),
) {
  return fakeFetch({
    [TOKEN]: (req: RecordedRequest) =>
      req.headers.get('content-type') === 'application/json'
        ? json({
            access_token: 'cvt_at_1',
            token_type: 'Bearer',
            expires_at: clockSeconds() + 3600,
            scope: grant,
          })
        : json({ code: 415, message: 'JSON only', error: 'invalid_request' }, 415),
    [`${API}/accounts/100001`]: account,
  });
}

async function connect(extra: Record<string, unknown> = {}, account?: () => Response) {
  const providers = await testProviders(config(extra));
  // The token endpoint answers in the flow's frozen time, which exists once the flow does.
  const ref: { clock?: { now: number } } = {};
  const provider = convertFetch(() => Math.floor(ref.clock!.now / 1000), account);
  const setup = await makeFlow(providers, provider.fetch);
  ref.clock = setup.clock;
  const url = await setup.flow.startAuthorization('convert');
  const state = url.searchParams.get('state')!;
  const done = await setup.flow.completeAuthorization(
    `${redirectUriFor('convert')}?code=c0de&state=${state}`,
  );
  return { ...setup, url, provider, providers, done };
}

describe('Convert', () => {
  it('asks for selected_accounts_projects with an S256 challenge, or none when config says so', async () => {
    const { url } = await connect();
    expect(url.origin + url.pathname).toBe(AUTHORIZE);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'convert-client',
      redirect_uri: redirectUriFor('convert'),
      scope: 'selected_accounts_projects',
      state: 'state-1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const omitted = await connect({ omitCodeChallengeMethod: true });
    expect(omitted.url.searchParams.has('code_challenge_method')).toBe(false);
  });

  it('sends the token request as JSON, exactly, with no secret', async () => {
    const { provider } = await connect();
    const token = provider.requests.find((r) => r.url === TOKEN)!;
    expect(token.method).toBe('POST');
    expect(token.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(token.body)).toEqual({
      grant_type: 'authorization_code',
      code: 'c0de',
      redirect_uri: redirectUriFor('convert'),
      code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      client_id: 'convert-client',
    });
    expect(token.body).not.toContain('secret');
  });

  it('turns expires_at into an expiry, keeps the object scope as the grant, and has no refresh', async () => {
    const { done, clock } = await connect();
    const c = done.connection;
    expect(c.expiresAt).toBe(clock.now + 3600_000);
    expect(c.grant).toEqual(grant);
    expect(c.grantedScopes).toEqual(['selected_accounts_projects']);
    expect(c.hasRefreshToken).toBe(false);
    expect(c.credential).toEqual({ kind: 'oauth', accessToken: 'cvt_at_1', tokenType: 'bearer' });
  });

  it('names the connection after the first granted account, read from the API', async () => {
    const { done, provider } = await connect();
    expect(done.connection.identity).toEqual({
      displayName: 'Demo Agency',
      email: undefined,
      subject: '100001',
    });
    const call = provider.requests.find((r) => r.url === `${API}/accounts/100001`)!;
    expect(call.headers.get('authorization')).toBe('Bearer cvt_at_1');
  });

  it('falls back to the grant’s account name when the API cannot be asked', async () => {
    const { done } = await connect({}, () => json({ code: 403, message: 'no' }, 403));
    expect(done.connection.identity).toEqual({ displayName: 'Demo Agency' });
  });

  it('normalises a token response: expires_at -> expires_in, object scope -> keyfob_grant', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(
      normaliseConvertTokenResponse(
        { access_token: 'a', expires_at: now / 1000 + 90, scope: grant },
        now,
      ),
    ).toEqual({
      access_token: 'a',
      token_type: 'bearer',
      expires_in: 90,
      scope: 'selected_accounts_projects',
      keyfob_grant: grant,
    });
  });

  it('a refused token marks the connection "needs reconnect"; reconnecting updates the same one', async () => {
    const setup = await connect({}, () => json({ code: 401, message: 'Token expired' }, 401));
    const id = setup.done.connection.id;
    const check = createConnectionChecker({
      provider: (pid) => setup.providers.find((p) => p.id === pid),
      connections: setup.connections,
      appOrigin: APP_ORIGIN,
      fetch: setup.provider.fetch,
      now: () => setup.clock.now,
    });
    await expect(check(id)).rejects.toMatchObject({ code: ErrorCode.NEEDS_RECONNECT, status: 401 });
    expect(await setup.connections.get(id)).toMatchObject({
      status: 'needs-reconnect',
      statusReason: expect.stringContaining('Token expired'),
    });
    const url = await setup.flow.startAuthorization('convert', { connectionId: id });
    const again = await setup.flow.completeAuthorization(
      `${redirectUriFor('convert')}?code=c0de2&state=${url.searchParams.get('state')}`,
    );
    expect(again.connection.id).toBe(id);
    expect(again.connection.status).toBe('connected');
    expect(await setup.connections.list()).toHaveLength(1);
  });
});
