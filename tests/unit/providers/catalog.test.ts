import { describe, expect, it } from 'vitest';
import { KeyfobError } from '../../../src/oauth/errors';
import { checkIdentity } from '../../../src/oauth/identity-probe';
import { validateConfig } from '../../../src/config/validate';
import { builtInProviders } from '../../../src/providers/catalog';
import { fakeFetch, json, testProviders } from '../../support/fake-provider';

describe('the catalog', () => {
  it.each(Object.values(builtInProviders))('$name is complete data with https endpoints', (def) => {
    expect(def.docs.length).toBeGreaterThan(0);
    for (const url of [
      ...def.docs,
      def.authorizationEndpoint,
      def.tokenEndpoint,
      def.apiBaseUrl,
      def.revocationEndpoint,
    ].filter((u): u is string => u !== undefined)) {
      expect(new URL(url).protocol).toBe('https:');
    }
    expect(def.scopes.some((s) => s.default)).toBe(true);
    for (const scope of def.scopes) expect(scope.description.length).toBeGreaterThan(3);
    expect(def.identity).toBeDefined();
    expect(def.limits?.length).toBeGreaterThan(0);
  });

  it('only CloudConvert and VideoAsk need the proxy; only VideoAsk revokes', () => {
    const needs = Object.values(builtInProviders).filter((d) => d.needsClientSecret);
    expect(needs.map((d) => d.id)).toEqual(['cloudconvert', 'videoask']);
    expect(
      Object.values(builtInProviders)
        .filter((d) => d.supportsRevocation)
        .map((d) => d.id),
    ).toEqual(['videoask']);
  });

  it('config.json overrides every endpoint and the identity path', async () => {
    const [cc] = (
      await testProviders({
        providers: {
          cloudconvert: {
            authMethod: 'api-key',
            authorizationEndpoint: 'https://a.test/authorize',
            tokenEndpoint: 'https://a.test/token',
            revocationEndpoint: 'https://a.test/revoke',
            apiBaseUrl: 'https://eu-central.api.cloudconvert.com',
            identityPath: '/v2/me',
            scopes: ['user.read'],
            name: 'CloudConvert EU',
          },
        },
      })
    ).filter((p) => p.id === 'cloudconvert');
    expect(cc).toMatchObject({
      name: 'CloudConvert EU',
      authorizationEndpoint: 'https://a.test/authorize',
      tokenEndpoint: 'https://a.test/token',
      revocationEndpoint: 'https://a.test/revoke',
      supportsRevocation: true,
      apiBaseUrl: 'https://eu-central.api.cloudconvert.com',
      defaultScopes: ['user.read'],
    });
    const { fetch, requests } = fakeFetch({
      'https://eu-central.api.cloudconvert.com/v2/me': () =>
        json({ data: { id: 1, username: 'eu-user', credits: 5 } }),
    });
    const identity = await checkIdentity(cc!, { kind: 'api-key', apiKey: 'k' }, fetch, {
      now: Date.now,
    });
    expect(requests[0]!.url).toBe('https://eu-central.api.cloudconvert.com/v2/me');
    expect(identity).toMatchObject({ displayName: 'eu-user', details: { credits: 5 } });
  });

  it('a custom provider with an identity path reads a name from a typical answer', async () => {
    const [acme] = (
      await testProviders({
        providers: {
          acme: {
            authorizationEndpoint: 'https://acme.test/authorize',
            tokenEndpoint: 'https://acme.test/token',
            apiBaseUrl: 'https://api.acme.test',
            identityPath: '/user',
            clientId: 'x',
          },
        },
      })
    ).filter((p) => p.id === 'acme');
    const { fetch } = fakeFetch({
      'https://api.acme.test/user': () => json({ id: 9, login: 'octo' }),
    });
    expect(
      await checkIdentity(acme!, { kind: 'oauth', accessToken: 't', tokenType: 'bearer' }, fetch, {
        now: Date.now,
      }),
    ).toEqual({ displayName: 'octo', email: undefined, subject: '9' });
  });

  it('refuses an identity path that could leave the API', () => {
    const problems = (identityPath: unknown) => {
      try {
        validateConfig({ providers: { cloudconvert: { identityPath } } });
        return [];
      } catch (error) {
        return [...((error as KeyfobError).problems ?? [])];
      }
    };
    expect(problems('/v2/users/me')).toEqual([]);
    for (const bad of ['v2/me', '//evil.test/me', 'https://evil.test/me', 5]) {
      expect(problems(bad)).toEqual([
        'providers.cloudconvert.identityPath must be a path under apiBaseUrl, starting with one "/"',
      ]);
    }
  });
});
