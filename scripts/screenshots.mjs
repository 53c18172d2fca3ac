/**
 * `npm run screenshots`: what a person sees, as PNGs in docs/screenshots/ for the README. Builds
 * the app, serves dist/ and the sandbox on their own loopback ports (apart from npm start's and
 * the tests'), then drives Debian's Chromium (KEYFOB_CHROMIUM) through the sandbox connection:
 * the home page, the connect page, the connection page, and its API console after a call.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'vite';

import { startSandbox } from '../sandbox/server.mjs';
import { serveStatic } from './serve-static.mjs';

const APP = 'http://127.0.0.1:4190';
const SANDBOX_PORT = 9190;
const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

await build({ logLevel: 'warn' });
const sandbox = await startSandbox({
  port: SANDBOX_PORT,
  appOrigins: [APP],
  redirectUris: [`${APP}/callback/sandbox`],
});
const app = await serveStatic({
  root: 'dist',
  port: Number(new URL(APP).port),
  configJson: {
    providers: {
      sandbox: {
        name: 'Sandbox',
        issuer: sandbox.issuer,
        clientId: 'keyfob-sandbox',
        scopes: ['openid', 'profile', 'email', 'offline_access', 'api:read'],
        apiBaseUrl: `${sandbox.issuer}/api`,
      },
    },
  },
});
const browser = await chromium.launch({
  executablePath: process.env.KEYFOB_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  await mkdir(out, { recursive: true });
  const page = await browser.newPage({
    viewport: { width: 1000, height: 720 },
    colorScheme: 'light',
  });
  /** @param {string} name */
  const shot = (name) => page.screenshot({ path: `${out}${name}.png`, fullPage: true });

  await page.goto(`${APP}/`);
  await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
  await shot('home');

  await page.getByRole('button', { name: 'Connect Sandbox', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Connect Sandbox' }).waitFor();
  await shot('connect');

  await page.getByRole('button', { name: 'Continue to Sandbox', exact: true }).click();
  await page.getByRole('button', { name: 'Sign in as demo user' }).click();
  await page.getByText('Connected as demo user').waitFor();
  // Focus sits on the heading after the navigation; a screenshot shows the page, not the ring.
  await page.evaluate(() => /** @type {HTMLElement | null} */ (document.activeElement)?.blur());
  await shot('connection');

  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByRole('region', { name: 'API answer' }).waitFor();
  await page.getByLabel('API console').screenshot({ path: `${out}console.png` });
  console.log(`Screenshots written to ${out}: home, connect, connection, console (.png)`);
} finally {
  await browser.close();
  await app.close();
  await sandbox.close();
}
