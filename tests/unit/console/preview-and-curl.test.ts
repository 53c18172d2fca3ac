import { describe, expect, it } from 'vitest';
import { resolveProviders } from '../../../src/config/resolve';
import { validateConfig } from '../../../src/config/validate';
import { curlCommand, TOKEN_VARIABLE } from '../../../src/features/connections/console/curl';
import { buildRequest } from '../../../src/features/connections/console/request-draft';
import { createAuthorizedFetch } from '../../../src/oauth/authorized-fetch';
import { describeApiRequest, DPOP_PROOF, REDACTED } from '../../../src/oauth/api-request';
import type { Connection } from '../../../src/oauth/types';
import { createCipher } from '../../../src/vault/cipher';
import { createConnectionStore } from '../../../src/vault/connections';
import { createMemoryStore } from '../../../src/vault/store';
import { fakeFetch, json } from '../../support/fake-provider';

const providers = resolveProviders(
  validateConfig({
    proxyUrl: 'https://proxy.example.test',
    providers: {
      videoask: { clientId: 'va', useProxy: true },
      cloudconvert: { clientId: 'cc', useProxy: true, useApiRelay: true },
      acme: {
        issuer: 'https://id.example.test',
        clientId: 'spa',
        apiBaseUrl: 'https://api.example.test/v1',
      },
    },
  }),
);
const provider = (id: string) => providers.find((p) => p.id === id)!;
const SECRETS = ['at-secret-0123', 'key-secret-4567', 'wc-token-89', 'wc-secret-10'];

const connection = (overrides: Partial<Connection>): Connection => ({
  id: 'c1',
  providerId: 'acme',
  providerName: 'Acme',
  authMethod: 'oauth',
  createdAt: 1,
  updatedAt: 1,
  grantedScopes: [],
  hasRefreshToken: false,
  status: 'connected',
  credential: { kind: 'oauth', accessToken: SECRETS[0]!, tokenType: 'bearer' },
  ...overrides,
});

const post = buildRequest({
  method: 'POST',
  path: '/echo',
  headers: 'X-Test: yes',
  body: '{"it\'s": 1}',
});
if ('code' in post) throw new Error('the draft is valid');

describe('the request preview', () => {
  it('is what authorizedFetch sends, header for header, with the credential redacted', async () => {
    const { fetch, requests } = fakeFetch({
      'https://api.example.test/v1/echo': () => json({ ok: true }),
    });
    const stored = connection({
      expiresAt: Date.now() + 600_000,
      binding: {
        issuer: 'https://id.example.test',
        apiBaseUrl: 'https://api.example.test/v1',
        clientId: 'spa',
      },
    });
    const connections = createConnectionStore(
      createMemoryStore(),
      createCipher(
        await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
          'encrypt',
          'decrypt',
        ]),
      ),
    );
    await connections.save(stored);
    const api = createAuthorizedFetch({
      provider,
      connections,
      appOrigin: 'https://app.example.test',
      fetch,
      refresher: {
        needsRefresh: () => false,
        ensureFresh: () => Promise.reject(new Error('no')),
        refresh: () => Promise.reject(new Error('no')),
      } as never,
    });
    await api('c1', post.path, post.init);
    const sent = requests[0]!;
    const preview = describeApiRequest(provider('acme'), stored, post.path, post.init);
    expect(preview.url).toBe(sent.url);
    expect(preview.method).toBe('POST');
    expect(preview.body).toBe(sent.body);
    const sentHeaders = [...sent.headers.entries()].map(([n, v]) => [
      n,
      n === 'authorization' ? `Bearer ${REDACTED}` : v,
    ]);
    expect(preview.headers).toEqual(sentHeaders);
    expect(sent.headers.get('authorization')).toBe(`Bearer ${SECRETS[0]}`);
    expect(JSON.stringify(preview)).not.toContain(SECRETS[0]);
  });

  it("shows the provider's own headers: VideoAsk's organization-id from the identity", () => {
    const preview = describeApiRequest(
      provider('videoask'),
      connection({
        providerId: 'videoask',
        identity: { displayName: 'x', details: { organizationId: 'org-7' } },
      }),
      '/forms',
    );
    expect(preview).toMatchObject({
      method: 'GET',
      url: 'https://api.videoask.com/forms',
      credential: 'bearer',
    });
    expect(preview.headers).toEqual([
      ['accept', 'application/json'],
      ['authorization', `Bearer ${REDACTED}`],
      ['organization-id', 'org-7'],
    ]);
  });

  it('names the relay URL when API calls go through the proxy, and Basic for a token + secret', () => {
    const preview = describeApiRequest(
      provider('cloudconvert'),
      connection({
        providerId: 'cloudconvert',
        authMethod: 'api-token-secret',
        credential: { kind: 'token-secret', token: SECRETS[2]!, secret: SECRETS[3]! },
      }),
      '/v2/users/me',
    );
    expect(preview.url).toBe('https://proxy.example.test/api/cloudconvert/v2/users/me');
    expect(preview.headers).toContainEqual(['authorization', `Basic ${REDACTED}`]);
    expect(JSON.stringify(preview)).not.toContain(btoa(`${SECRETS[2]}:${SECRETS[3]}`));
  });

  it('a DPoP-bound token shows as DPoP [redacted] with its proof (RFC 9449 7.1)', () => {
    const preview = describeApiRequest(
      provider('acme'),
      connection({ dpop: { jkt: 'thumb' } }),
      '/me',
    );
    expect(preview.credential).toBe('dpop');
    expect(preview.headers).toContainEqual(['authorization', `DPoP ${REDACTED}`]);
    expect(preview.headers).toContainEqual(['dpop', DPOP_PROOF]);
  });

  it("refuses a URL outside the provider's API with apiUrl's own error", () => {
    expect(() =>
      describeApiRequest(
        provider('acme'),
        connection({}),
        'https://api.example.test.evil.test/v1/me',
      ),
    ).toThrow(/is not under acme's API/);
  });
});

describe('Copy as curl', () => {
  it('is the same request with $KEYFOB_TOKEN for the credential, quoted for a POSIX shell', () => {
    const preview = describeApiRequest(provider('acme'), connection({}), post.path, post.init);
    const command = curlCommand(preview);
    expect(command).toBe(
      [
        'curl',
        '-X POST',
        "'https://api.example.test/v1/echo'",
        "-H 'accept: application/json'",
        `-H "Authorization: Bearer ${TOKEN_VARIABLE}"`,
        "-H 'content-type: application/json'",
        "-H 'x-test: yes'",
        `--data-raw '{"it'\\''s": 1}'`,
      ].join(' \\\n  '),
    );
  });

  it('never holds token, key, secret or proof text, for every kind of credential', () => {
    const credentials: Connection['credential'][] = [
      { kind: 'oauth', accessToken: SECRETS[0]!, tokenType: 'bearer' },
      { kind: 'api-key', apiKey: SECRETS[1]! },
      { kind: 'token-secret', token: SECRETS[2]!, secret: SECRETS[3]! },
    ];
    for (const credential of credentials) {
      // Only OAuth access tokens are DPoP-bound.
      for (const dpop of credential!.kind === 'oauth'
        ? [undefined, { jkt: 'thumb' }]
        : [undefined]) {
        const command = curlCommand(
          describeApiRequest(
            provider('acme'),
            connection({ credential, dpop }),
            post.path,
            post.init,
          ),
        );
        for (const secret of [...SECRETS, btoa(`${SECRETS[2]}:${SECRETS[3]}`), REDACTED])
          expect(command).not.toContain(secret);
        expect(command).toContain(TOKEN_VARIABLE);
      }
    }
  });
});
