import { describe, expect, it } from 'vitest';
import { resolveProviders } from '../../../src/config/resolve';
import { validateConfig } from '../../../src/config/validate';
import {
  firstDraft,
  readyRequestsFor,
} from '../../../src/features/connections/console/ready-requests';
import { buildRequest } from '../../../src/features/connections/console/request-draft';
import type { Connection } from '../../../src/oauth/types';

const connection = (providerId: string, grant?: unknown): Connection => ({
  id: 'c1',
  providerId,
  providerName: providerId,
  authMethod: 'oauth',
  createdAt: 1,
  updatedAt: 1,
  grantedScopes: [],
  hasRefreshToken: false,
  status: 'connected',
  grant,
});

const resolve = (providers: Record<string, unknown>) =>
  resolveProviders(validateConfig({ proxyUrl: 'https://proxy.example.test', providers }));

describe('ready requests', () => {
  const providers = resolve({});
  const of = (id: string) => providers.find((p) => p.id === id)!;

  it('every built-in offers some, each a draft the console accepts', () => {
    for (const id of ['convert', 'cloudconvert', 'videoask', 'whatconverts']) {
      const ready = readyRequestsFor(of(id), connection(id, { accounts: [{ account_id: 7 }] }));
      expect(ready.length, id).toBeGreaterThan(0);
      for (const { draft } of ready)
        expect(buildRequest(draft), `${id} ${draft.path}`).not.toHaveProperty('code');
    }
  });

  it("Convert's is the first granted account, and there is none without a grant", () => {
    const grant = { accounts: [{ account_id: 'a/1' }, { account_id: 2 }] };
    expect(firstDraft(of('convert'), connection('convert', grant))).toEqual({
      method: 'GET',
      path: '/accounts/a%2F1',
      headers: '',
      body: '',
    });
    expect(readyRequestsFor(of('convert'), connection('convert'))).toEqual([]);
    // A Convert connection always has a grant; without one the console falls back to /me.
    expect(firstDraft(of('convert'), connection('convert')).path).toBe('/me');
  });

  it("config.json's readyRequests replace the catalog's, and bad ones are config errors", () => {
    const custom = resolve({
      cloudconvert: {
        clientId: 'cc',
        useProxy: true,
        readyRequests: [{ label: 'Jobs', method: 'GET', path: '/v2/jobs/1' }],
      },
    }).find((p) => p.id === 'cloudconvert')!;
    expect(custom.readyRequests).toEqual([{ label: 'Jobs', method: 'GET', path: '/v2/jobs/1' }]);
    expect(() =>
      resolve({
        x: {
          issuer: 'https://id.example.test',
          readyRequests: [
            { label: 'a', method: 'TRACE', path: '/x' },
            { label: 'b', method: 'POST', path: '//evil', body: '{' },
            'no',
          ],
        },
      }),
    ).toThrow(
      /readyRequests\[0\] method must be one of GET, POST, PUT, PATCH, DELETE[\s\S]*readyRequests\[1\] path must be[\s\S]*readyRequests\[2\] must be an object/,
    );
  });
});
