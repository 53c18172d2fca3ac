// Production builds of the measured apps: each peer with plain `vite build` (plus
// @vitejs/plugin-react for the React one, as a Vite React app is), its issuer, client, redirect
// URI and scope baked in with a `define`; Keyfob with its own vite.config.ts and a config.json
// naming one provider at the bench's server.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import {
  CLIENT_ID,
  SCOPE,
  distDir,
  keyfobConfig,
  peerSourceDir,
  redirectUris,
  repoRoot,
} from './apps.mjs';

/** Builds every app in `apps` for `issuer`; returns how long each build took. */
export async function buildApps(apps, { issuer, portOffset = 0, log = () => {} }) {
  for (const app of apps) {
    const t0 = performance.now();
    const outDir = distDir(app);
    if (app.id === 'keyfob') {
      await build({
        root: repoRoot,
        configFile: path.join(repoRoot, 'vite.config.ts'),
        base: '/',
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true, reportCompressedSize: false },
      });
      // Replaces the config.json from public/, as a deployment does.
      fs.writeFileSync(
        path.join(outDir, 'config.json'),
        `${JSON.stringify(keyfobConfig(issuer), null, 2)}\n`,
      );
    } else {
      const plugins = app.react ? [(await import('@vitejs/plugin-react')).default()] : [];
      const bench = {
        issuer,
        clientId: CLIENT_ID,
        redirectUri: redirectUris(app, portOffset)[0],
        scope: SCOPE,
      };
      await build({
        root: peerSourceDir(app),
        configFile: false,
        base: '/',
        logLevel: 'warn',
        plugins,
        define: { __BENCH__: JSON.stringify(bench) },
        build: { outDir, emptyOutDir: true, sourcemap: false, reportCompressedSize: false },
      });
    }
    log(`built ${app.id} in ${Math.round(performance.now() - t0)} ms`);
  }
}
