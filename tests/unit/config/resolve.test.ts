import { describe, expect, it } from 'vitest';
import { KeyfobError } from '../../../src/oauth/errors';
import { resolveProviders, validateConfig } from '../../../src/config';

const resolve = (raw: unknown) => resolveProviders(validateConfig(raw));

function problemsOf(raw: unknown): string[] {
  try {
    resolve(raw);
  } catch (error) {
    return [...((error as KeyfobError).problems ?? [])];
  }
  return [];
}

describe('config.json', () => {
  it('accepts the documented example shape', () => {
    const providers = resolve({
      proxyUrl: 'https://proxy.example.com',
      providers: {
        convert: { clientId: 'abc' },
        cloudconvert: { clientId: 'def', useProxy: true },
        acme: {
          name: 'Acme',
          issuer: 'https://id.acme.test',
          clientId: 'spa',
          scopes: ['openid', 'offline_access'],
        },
        manual: {
          name: 'Manual',
          authorizationEndpoint: 'https://a.test/authorize',
          tokenEndpoint: 'https://a.test/token',
          revocationEndpoint: 'https://a.test/revoke',
          apiBaseUrl: 'https://api.a.test',
          clientId: 'x',
          scopes: ['read'],
        },
      },
    });
    const byId = Object.fromEntries(providers.map((p) => [p.id, p]));
    expect(Object.keys(byId)).toEqual([
      'convert',
      'cloudconvert',
      'videoask',
      'whatconverts',
      'acme',
      'manual',
    ]);
    expect(byId.convert).toMatchObject({ configured: true, clientId: 'abc', useProxy: false });
    expect(byId.cloudconvert).toMatchObject({
      configured: true,
      useProxy: true,
      proxyUrl: 'https://proxy.example.com',
    });
    expect(byId.videoask).toMatchObject({
      configured: false,
      missing: ['providers.videoask.clientId', 'providers.videoask.useProxy (and proxyUrl)'],
    });
    expect(byId.acme).toMatchObject({
      name: 'Acme',
      builtIn: false,
      defaultScopes: ['openid', 'offline_access'],
    });
    expect(byId.manual).toMatchObject({
      revocationEndpoint: 'https://a.test/revoke',
      supportsRevocation: true,
    });
  });

  it('lets a built-in entry override its endpoints and scopes', () => {
    const [convert] = resolve({
      providers: {
        convert: {
          clientId: 'abc',
          tokenEndpoint: 'http://127.0.0.1:9021/token',
          scopes: ['selected_accounts_projects'],
        },
      },
    });
    expect(convert).toMatchObject({
      tokenEndpoint: 'http://127.0.0.1:9021/token',
      defaultScopes: ['selected_accounts_projects'],
    });
  });

  it('lists every unusable entry together', () => {
    expect(
      problemsOf({
        providers: {
          nowhere: { clientId: 'x' },
          proxied: { issuer: 'https://id.test', clientId: 'x', useProxy: true },
          'Bad Id': {},
        },
      }),
    ).toEqual([
      'providers.Bad Id: a provider id uses a-z, 0-9 and "-" only (at most 40 characters)',
    ]);
    expect(
      problemsOf({
        providers: {
          nowhere: { clientId: 'x' },
          proxied: { issuer: 'https://id.test', clientId: 'x', useProxy: true },
        },
      }),
    ).toEqual([
      'providers.nowhere needs an issuer, or both authorizationEndpoint and tokenEndpoint',
      'providers.proxied.useProxy needs proxyUrl to be set',
    ]);
  });

  it('refuses a config that is not an object or has no providers', () => {
    expect(problemsOf([])).toEqual(['config.json must be a JSON object']);
    expect(problemsOf({})).toEqual(['providers is missing (an object of provider entries)']);
    expect(problemsOf({ providers: {}, proxy: 'x' })).toEqual([
      'proxy is not a known setting (expected proxyUrl and providers)',
    ]);
  });
});
