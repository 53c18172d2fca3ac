import { E2E } from './ports';

/** The config.json the end-to-end run deploys next to the production build. */
export function e2eConfig() {
  return {
    providers: {
      sandbox: {
        name: 'Sandbox',
        issuer: E2E.sandbox,
        clientId: 'keyfob-sandbox',
        scopes: ['openid', 'profile', 'email', 'offline_access', 'api:read'],
        apiBaseUrl: `${E2E.sandbox}/api`,
      },
    },
  };
}
