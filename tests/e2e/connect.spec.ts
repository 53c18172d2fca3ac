import { createServer, type Socket } from 'node:net';
import { expect, test } from '@playwright/test';
import { connectSandbox, disconnect, rawIndexedDb } from './support/flows';
import { E2E } from './support/ports';

test('connects the sandbox end to end and stays connected after a reload', async ({ page }) => {
  await connectSandbox(page);
  expect(page.url()).not.toContain('code=');
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  // In the granted scopes (the Activity names the scopes too).
  await expect(
    page.locator('dt:text-is("Granted scopes") + dd').getByText('offline_access'),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Connected as demo user' })).toBeVisible();
});

test('leaves no code in the address bar or in history', async ({ page }) => {
  const seen: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.push(frame.url());
  });
  await connectSandbox(page);
  expect(seen.some((url) => url.includes('/callback/sandbox?code='))).toBe(true);
  expect(page.url()).not.toMatch(/code=|state=/);
  // Back from the connection page: the callback entry with the code is gone from history.
  const history = await page.evaluate(() => window.history.length);
  await page.goBack();
  expect(page.url()).not.toMatch(/code=/);
  expect(history).toBeGreaterThan(1);
});

test('Deny shows access_denied and stores nothing', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect Sandbox', exact: true }).click();
  await page.getByRole('button', { name: 'Continue to Sandbox', exact: true }).click();
  await page.getByRole('button', { name: 'Deny' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('access_denied');
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
  expect(page.url()).not.toMatch(/state=/);
  expect(await rawIndexedDb(page, 'keyfob-connections')).toEqual([]);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(
    page.getByRole('button', { name: 'Continue to Sandbox', exact: true }),
  ).toBeVisible();
  await page.goto('/');
  await expect(
    page.getByRole('listitem', { name: 'Sandbox', exact: true }).getByText('Not connected'),
  ).toBeVisible();
});

test('opening the same callback URL again says it was already used and changes nothing', async ({
  page,
}) => {
  let callbackUrl = '';
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.url().includes('/callback/sandbox?'))
      callbackUrl = request.url();
  });
  await connectSandbox(page);
  const before = await rawIndexedDb(page, 'keyfob-connections');
  expect(before).toHaveLength(1);
  expect(callbackUrl).toContain('code=');
  const connectionPath = new URL(page.url()).pathname;
  await page.goto(callbackUrl);
  await expect(page.getByRole('alert')).toContainText('already used');
  await expect(page.getByRole('alert')).toContainText('TRANSACTION_USED');
  expect(page.url()).not.toMatch(/code=|state=/);
  expect(await rawIndexedDb(page, 'keyfob-connections')).toEqual(before);
  // It links to the connection that first use made.
  await page.getByRole('link', { name: 'Open the connection' }).click();
  await expect(page).toHaveURL(new RegExp(`${connectionPath}$`));
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Connected as demo user' })).toBeVisible();
});

test('Cancel on a token endpoint that never answers goes back and stores nothing', async ({
  page,
}) => {
  // A loopback server that accepts every connection and never answers a byte.
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  const silentUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  try {
    await page.route(`${E2E.sandbox}/token`, (route) => route.continue({ url: silentUrl }));
    // Requests to the silent server that the page gave up (route.continue shows the new URL).
    const aborted: string[] = [];
    page.on('requestfailed', (request) => {
      if (request.url() === silentUrl) aborted.push(request.failure()?.errorText ?? '');
    });
    await page.goto('/');
    await page.getByRole('button', { name: 'Connect Sandbox', exact: true }).click();
    await page.getByRole('button', { name: 'Continue to Sandbox', exact: true }).click();
    await page.getByRole('button', { name: 'Sign in as demo user' }).click();
    await expect(page.getByText('Completing sign-in with Sandbox…')).toBeVisible();
    expect(page.url()).not.toMatch(/code=|state=/);
    const cancel = page.getByRole('button', { name: 'Cancel' });
    await expect(cancel).toBeVisible({ timeout: 5_000 });
    await expect.poll(() => sockets.size).toBeGreaterThan(0);
    const abortedBefore = aborted.length;
    await cancel.click();
    await expect(page).toHaveURL(/\/connect\/sandbox$/);
    // The code exchange was aborted at once, not left waiting for its 15 s timeout.
    await expect.poll(() => aborted.slice(abortedBefore)).toEqual(['net::ERR_ABORTED']);
    await expect(
      page
        .getByRole('main')
        .getByText('Sign-in cancelled: Keyfob stopped waiting for Sandbox and stored nothing.'),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Continue to Sandbox' })).toBeEnabled();
    expect(await rawIndexedDb(page, 'keyfob-connections')).toEqual([]);
    await page.goto('/');
    await expect(
      page.getByRole('listitem', { name: 'Sandbox', exact: true }).getByText('Not connected'),
    ).toBeVisible();
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});

test('Disconnect removes the connection, also after a reload', async ({ page }) => {
  await connectSandbox(page);
  await disconnect(page);
  await expect(page).toHaveURL(/\/$/);
  const sandboxRow = page.getByRole('listitem', { name: 'Sandbox', exact: true });
  await expect(sandboxRow.getByText('Not connected')).toBeVisible();
  await page.reload();
  await expect(sandboxRow.getByText('Not connected')).toBeVisible();
  expect(await rawIndexedDb(page, 'keyfob-connections')).toEqual([]);
});

test('a forged callback with an unknown state is refused', async ({ page }) => {
  await page.goto('/callback?code=stolen&state=forged');
  await expect(page.getByRole('alert')).toContainText('UNKNOWN_STATE');
  expect(page.url()).not.toContain('stolen');
});
