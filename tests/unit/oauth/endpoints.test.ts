import { describe, expect, it } from 'vitest';
import { createDiscoveryCache } from '../../../src/oauth/server-metadata';
import { loadCustomProviders } from '../../../src/config/custom-providers';
import { validateConfig } from '../../../src/config/validate';
import { ErrorCode, KeyfobError } from '../../../src/oauth/errors';
import { summariseServer } from '../../../src/oauth/server-summary';
import { createMemoryStore } from '../../../src/vault/store';
import { APP_ORIGIN, fakeFetch, json, makeFlow, testProviders } from '../../support/fake-provider';

/** A provider whose discovery document carries `override`; each test uses its own issuer. */
function hostile(name: string, override: Record<string, unknown>) {
  const issuer = `https://${name}.example.test`;
  const net = fakeFetch({
    [`${issuer}/.well-known/openid-configuration`]: () =>
      json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        code_challenge_methods_supported: ['S256'],
        ...override,
      }),
  });
  const config = { providers: { [name]: { name, issuer, clientId: 'spa' } } };
  return { issuer, net, config };
}

describe('endpoints learnt from discovery', () => {
  it('refuses a javascript: authorization endpoint before navigating, naming the field', async () => {
    const { net, config } = hostile('jsauth', { authorization_endpoint: 'javascript:alert(1)' });
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const error = await setup.flow.startAuthorization('jsauth').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: ErrorCode.CONFIG,
      message: expect.stringContaining('authorization_endpoint must use https'),
    });
    expect(await setup.transactions.keys()).toEqual([]);
  });

  it('refuses plain http off loopback, and data: or credentials, for every endpoint', async () => {
    for (const [name, field, value] of [
      ['httptoken', 'token_endpoint', 'http://token.example.test/token'],
      ['datauser', 'userinfo_endpoint', 'data:text/html,hi'],
      ['credrevoke', 'revocation_endpoint', 'https://user:pw@id.example.test/revoke'],
      ['relative', 'token_endpoint', '/token'],
    ] as const) {
      const { net, config } = hostile(name, { [field]: value });
      const setup = await makeFlow(await testProviders(config), net.fetch);
      await expect(setup.flow.startAuthorization(name), name).rejects.toMatchObject({
        code: ErrorCode.CONFIG,
        message: expect.stringContaining(field),
      });
    }
  });

  it('allows http on loopback (the local sandbox)', async () => {
    const { net, config } = hostile('loopback', { token_endpoint: 'http://127.0.0.1:9010/token' });
    const setup = await makeFlow(await testProviders(config), net.fetch);
    const url = await setup.flow.startAuthorization('loopback');
    expect(url.origin).toBe('https://loopback.example.test');
  });

  it('shows the refusal on the Add a provider page check too', async () => {
    const { net, config } = hostile('summary', { authorization_endpoint: 'javascript:alert(1)' });
    const [provider] = (await testProviders(config)).filter((p) => p.id === 'summary');
    await expect(
      summariseServer(provider!, net.fetch, APP_ORIGIN, createDiscoveryCache()),
    ).rejects.toMatchObject({
      code: ErrorCode.CONFIG,
      message: expect.stringContaining('authorization_endpoint'),
    });
  });
});

describe('endpoints from config.json and the Add a provider page', () => {
  it('are held to the same rule, each problem naming its setting', () => {
    const error = (() => {
      try {
        validateConfig({
          providers: {
            x: {
              authorizationEndpoint: 'javascript:alert(1)',
              tokenEndpoint: 'http://evil.test/token',
              clientId: 'c',
            },
          },
        });
      } catch (e) {
        return e;
      }
    })() as KeyfobError;
    expect(error).toBeInstanceOf(KeyfobError);
    expect(error.problems).toEqual([
      'providers.x.authorizationEndpoint must use https (http is allowed only for 127.0.0.1/localhost)',
      'providers.x.tokenEndpoint must use https (http is allowed only for 127.0.0.1/localhost)',
    ]);
  });

  it('refuses a javascript: endpoint added from the app', async () => {
    const config = validateConfig({ providers: {} });
    const registry = await loadCustomProviders(createMemoryStore(), config, []);
    expect(() =>
      registry.resolve('added', {
        clientId: 'c',
        authorizationEndpoint: 'javascript:alert(1)',
        tokenEndpoint: 'https://a.test/token',
      }),
    ).toThrow(/providers\.added\.authorizationEndpoint must use https/);
  });
});
