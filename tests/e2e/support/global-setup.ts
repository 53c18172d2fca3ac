import { existsSync } from 'node:fs';
import { build } from 'vite';
import { serveStatic } from '../../../scripts/serve-static.mjs';
import { OAuth2Server } from 'oauth2-mock-server';
import {
  SANDBOX_PROVIDER_IDS,
  defaultRedirectUris,
  startSandbox,
} from '../../../sandbox/server.mjs';
import { e2eConfig } from './e2e-config';
import { DISCOVERY_IDS, E2E, portOf } from './ports';
import { startNodeProxy } from './node-proxy';
import { acquireRunLock } from './run-lock';
import { startE2eTwins } from './twins-config';

/**
 * Starts what the browser talks to: the production build on a plain static server (no SPA
 * fallback, config.json replaced as a deployment would) and the sandbox authorization server.
 */
// "acme" is the provider id tests/e2e/provider-binding.spec.ts adds from the app, at either sandbox.
const E2E_SANDBOX_IDS = [...SANDBOX_PROVIDER_IDS, 'acme'];

export default async function globalSetup() {
  if (!existsSync('dist/index.html'))
    throw new Error('Build first: npm run build (npm test does).');
  const releaseLock = await acquireRunLock();
  // The sub-path deployment is built here, so every run also proves the app works under a base.
  await build({
    base: '/keyfob/',
    logLevel: 'warn',
    build: { outDir: 'dist-base', emptyOutDir: true },
  });
  const baseOrigin = new URL(E2E.appUnderBase).origin;
  const sandbox = await startSandbox({
    port: portOf(E2E.sandbox),
    appOrigins: [E2E.app, baseOrigin, E2E.appByName],
    redirectUris: defaultRedirectUris([E2E.app, E2E.appUnderBase, E2E.appByName], E2E_SANDBOX_IDS),
    accessTokenTtl: Number(process.env.E2E_ACCESS_TOKEN_TTL ?? 120),
  });
  const sandboxShort = await startSandbox({
    port: portOf(E2E.sandboxShort),
    appOrigins: [E2E.app],
    redirectUris: defaultRedirectUris([E2E.app], E2E_SANDBOX_IDS),
    accessTokenTtl: 5,
  });
  // DPoP on, for the client keyfob-sandbox-dpop at <app>/callback/sandbox-dpop (dpop.spec.ts).
  const sandboxDpop = await startSandbox({
    port: portOf(E2E.sandboxDpop),
    appOrigins: [E2E.app],
    redirectUris: defaultRedirectUris([E2E.app], E2E_SANDBOX_IDS),
    accessTokenTtl: 8,
    dpop: true,
  });
  // Discovery interop: both redirect URI shapes (one shared, one per provider) are registered.
  const discoveryRedirects = [
    `${E2E.app}/callback`,
    ...DISCOVERY_IDS.map((id) => `${E2E.app}/callback/${id}`),
  ];
  const discoverySandboxes = await Promise.all(
    (
      [
        [E2E.sandboxPlain, 'oauth2'],
        [E2E.sandboxPlainTenant, 'oauth2'],
        [E2E.sandboxOidcTenant, 'oidc'],
      ] as const
    ).map(([issuer, mode]) =>
      startSandbox({
        port: portOf(issuer),
        mode,
        basePath: new URL(issuer).pathname,
        appOrigins: [E2E.app],
        redirectUris: discoveryRedirects,
      }),
    ),
  );
  const mockServer = new OAuth2Server();
  await mockServer.issuer.keys.generate('RS256');
  mockServer.issuer.url = E2E.mockServer;
  await mockServer.start(portOf(E2E.mockServer), '127.0.0.1');
  const twins = await startE2eTwins();
  const stopProxy = await startNodeProxy();
  const app = await serveStatic({ root: 'dist', port: portOf(E2E.app), configJson: e2eConfig() });
  const appUnderBase = await serveStatic({
    root: 'dist-base',
    port: portOf(E2E.appUnderBase),
    base: '/keyfob/',
    configJson: e2eConfig(),
  });
  return async () => {
    await appUnderBase.close();
    await app.close();
    await stopProxy();
    await twins.close();
    await sandbox.close();
    await sandboxShort.close();
    await sandboxDpop.close();
    await Promise.all(discoverySandboxes.map((s) => s.close()));
    await mockServer.stop();
    releaseLock();
  };
}
