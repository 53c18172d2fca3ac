import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { rawIndexedDb } from './support/flows';
import { E2E } from './support/ports';

/**
 * Connects the sandbox up to its redirect back to Keyfob, where the app's scripts are held back:
 * returns the real authorization response (a code the sandbox issued, its transaction still
 * pending) without letting the app receive it.
 */
async function heldResponse(page: Page): Promise<URL> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect Sandbox', exact: true }).click();
  await page.getByRole('button', { name: 'Continue to Sandbox', exact: true }).click();
  const appScripts = (url: URL) => url.origin === E2E.app && url.pathname.startsWith('/assets/');
  await page.route(appScripts, (route) => route.abort());
  await page.getByRole('button', { name: 'Sign in as demo user' }).click();
  await expect(page).toHaveURL(/\/callback\/sandbox\?code=/);
  const held = new URL(page.url());
  await page.unroute(appScripts);
  return held;
}

test('the connect page shows the exact per-provider redirect URI to register', async ({ page }) => {
  await page.goto('/connect/sandbox');
  await expect(page.getByText(`${E2E.app}/callback/sandbox`, { exact: true })).toBeVisible();
});

test('a response on another provider’s redirect URI is refused and exchanges nothing', async ({
  page,
}) => {
  const response = await heldResponse(page);
  const tokenRequests: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') tokenRequests.push(request.url());
  });
  // The sandbox's real code and state, arriving where another provider's responses arrive.
  await page.goto(`/callback/sandbox-proxied${response.search}`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('REDIRECT_URI_MISMATCH');
  await expect(alert).toContainText('nothing was exchanged');
  expect(page.url()).not.toMatch(/code=|state=/);
  expect(tokenRequests).toEqual([]);
  expect(await rawIndexedDb(page, 'keyfob-connections')).toEqual([]);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page).toHaveURL(/\/connect\/sandbox$/);
});

test('the code leaves the address bar even when config.json answers 503', async ({ page }) => {
  const response = await heldResponse(page);
  await page.route(`${E2E.app}/config.json`, (route) =>
    route.fulfill({ status: 503, body: 'unavailable' }),
  );
  await page.goto(`/callback/sandbox${response.search}`);
  await expect(page.getByRole('alert')).toContainText('HTTP 503');
  expect(page.url()).toBe(`${E2E.app}/callback/sandbox`);
  expect(await page.evaluate(() => window.location.href)).not.toContain('code=');
});

test('refuses to run inside a frame of another origin', async ({ page }) => {
  // Another loopback origin whose page frames Keyfob, as a clickjacking page would.
  const framer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>framer</title><iframe src="${E2E.app}/"></iframe>`);
  });
  await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = framer.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByRole('alert')).toContainText('FRAMED');
    await expect(frame.getByRole('button')).toHaveCount(0);
    await expect(frame.getByRole('link')).toHaveCount(0);
    await expect(frame.getByRole('heading', { name: 'Connections' })).toHaveCount(0);
  } finally {
    await new Promise((resolve) => framer.close(resolve));
  }
  // The same page opened on its own runs as usual.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
});
