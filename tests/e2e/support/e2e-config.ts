import { E2E } from './ports';
import { twinProviders } from './twins-config';

/** The config.json the end-to-end run deploys next to the production build. */
export function e2eConfig() {
  return {
    proxyUrl: E2E.proxy,
    providers: {
      // The four built-ins, pointed at their twins (sandbox/twins).
      ...twinProviders(),
      sandbox: {
        name: 'Sandbox',
        issuer: E2E.sandbox,
        clientId: 'keyfob-sandbox',
        scopes: ['openid', 'profile', 'email', 'offline_access', 'api:read'],
        apiBaseUrl: `${E2E.sandbox}/api`,
        // As public/config.json offers them (api-console.spec.ts).
        readyRequests: [
          { label: 'Who am I (me)', method: 'GET', path: '/me' },
          {
            label: 'Echo a JSON body',
            method: 'POST',
            path: '/echo',
            body: '{"hello": "sandbox"}',
          },
        ],
      },
      // The 5-second sandbox: refresh, rotation and cross-tab coordination (lifecycle.spec.ts).
      'sandbox-short': {
        name: 'Sandbox Short',
        issuer: E2E.sandboxShort,
        clientId: 'keyfob-sandbox',
        scopes: ['openid', 'profile', 'email', 'offline_access', 'api:read'],
        apiBaseUrl: `${E2E.sandboxShort}/api`,
      },
      // The DPoP sandbox: its metadata advertises DPoP, so the tokens are bound (dpop.spec.ts).
      'sandbox-dpop': {
        name: 'Sandbox DPoP',
        issuer: E2E.sandboxDpop,
        clientId: 'keyfob-sandbox-dpop',
        scopes: ['openid', 'profile', 'email', 'offline_access', 'api:read'],
        apiBaseUrl: `${E2E.sandboxDpop}/api`,
      },
      // The sandbox's confidential client: its secret lives only in the proxy's environment.
      'sandbox-proxied': {
        name: 'Sandbox via proxy',
        issuer: E2E.sandbox,
        clientId: 'keyfob-sandbox-confidential',
        useProxy: true,
        scopes: ['openid', 'profile', 'email', 'offline_access'],
      },
    },
  };
}
