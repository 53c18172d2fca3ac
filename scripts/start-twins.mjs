/**
 * `npm run start:twins`: the app against all four provider twins, with nothing to configure. It
 * starts the sandbox (9010), the Convert / CloudConvert / VideoAsk / WhatConverts twins
 * (9021-9024), the token proxy (8787) holding the CloudConvert and VideoAsk twins' secrets, and the
 * Vite dev server (5173) serving a config.json that points the built-ins at the twins (from memory:
 * public/config.json is not touched). Ctrl-C stops everything.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { startSandbox } from '../sandbox/server.mjs';
import {
  TWIN_PROXY_PROVIDERS,
  twinProviders,
  twinProxyEnv,
} from '../sandbox/twins/app-settings.mjs';
import { startTwins } from '../sandbox/twins/index.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const APP = 'http://127.0.0.1:5173';
const PROXY_PORT = 8787;
const proxyUrl = `http://127.0.0.1:${PROXY_PORT}`;

const sandbox = await startSandbox({ port: 9010, appOrigins: [APP] });
const twins = await startTwins({ appOrigins: [APP] });
const t = {
  convert: twins.convert.url,
  cloudconvert: twins.cloudconvert.url,
  videoask: twins.videoask.url,
  whatconverts: twins.whatconverts.url,
};

const config = {
  proxyUrl,
  providers: {
    ...twinProviders(t),
    sandbox: {
      name: 'Sandbox',
      issuer: sandbox.issuer,
      clientId: 'keyfob-sandbox',
      scopes: ['openid', 'profile', 'email', 'offline_access', 'api:read'],
      apiBaseUrl: `${sandbox.issuer}/api`,
    },
  },
};

const proxy = spawn(process.execPath, ['proxy/start.mjs'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    PORT: String(PROXY_PORT),
    HOST: '127.0.0.1',
    KEYFOB_PROXY_ORIGINS: APP,
    KEYFOB_PROXY_PROVIDERS: TWIN_PROXY_PROVIDERS.join(','),
    ...twinProxyEnv(t),
  },
});

/** Serves the twins' config.json in place of public/config.json, for this dev server only. */
/** @type {import('vite').Plugin} */
const twinsConfig = {
  name: 'keyfob-twins-config',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      if (req.url?.split('?')[0] !== '/config.json') return next();
      res.setHeader('content-type', 'application/json');
      res.setHeader('cache-control', 'no-store');
      res.end(JSON.stringify(config, null, 2));
    });
  },
};
const vite = await createServer({ root, plugins: [twinsConfig] });
await vite.listen();

console.log(`Keyfob: ${APP} — against the twins`);
console.log(`  Convert ${t.convert}  CloudConvert ${t.cloudconvert} (API key cc-twin-api-key)`);
console.log(
  `  VideoAsk ${t.videoask}  WhatConverts ${t.whatconverts} (wc-twin-token / wc-twin-secret)`,
);
console.log(`  Sandbox ${sandbox.issuer}  proxy ${proxyUrl}`);

let stopping = false;
/** @param {number} code */
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (proxy.exitCode === null && proxy.signalCode === null) proxy.kill('SIGTERM');
  await vite.close();
  await twins.close();
  await sandbox.close();
  process.exit(code);
}
proxy.on('exit', (code) => {
  if (!stopping) {
    console.error(`The proxy exited (${code}); stopping.`);
    void stop(1);
  }
});
process.once('SIGINT', () => stop(130));
process.once('SIGTERM', () => stop(143));
