import { createServer, type Socket } from 'node:net';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { connectSandbox, disconnect, everythingStored } from './support/flows';
import { E2E } from './support/ports';

/**
 * The token lifecycle against the 5-second sandbox (rotating refresh tokens; replaying a rotated
 * one gets invalid_grant and revokes the grant). Calls are made the way a person makes them: by
 * pressing "Send" in the API console, which starts a call on every press, also while others are in flight.
 */
const SHORT = 'Sandbox Short';

interface SandboxStats {
  token: { authorization_code: number; refresh_token: number };
  tokenErrors: Record<string, number>;
  revocation: number;
  api: number;
}

async function stats(): Promise<SandboxStats> {
  return (await fetch(`${E2E.sandboxShort}/__sandbox/stats`)).json() as Promise<SandboxStats>;
}

async function resetStats() {
  await fetch(`${E2E.sandboxShort}/__sandbox/reset`, { method: 'POST' });
}

/** Every access and refresh token the sandbox handed to this browser context. */
function captureTokens(context: BrowserContext): Set<string> {
  const tokens = new Set<string>();
  context.on('response', async (response) => {
    if (response.url() !== `${E2E.sandboxShort}/token` || !response.ok()) return;
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    for (const key of ['access_token', 'refresh_token'] as const) {
      if (typeof body[key] === 'string') tokens.add(body[key]);
    }
  });
  return tokens;
}

const access = (page: Page) => page.locator('dt:text-is("Access") + dd');

/**
 * Makes every page of `target` report itself hidden, as a tab behind others: a visible page
 * renews its tokens before they expire (status.spec.ts), a hidden one leaves them to expire, which
 * is what these tests need to see what the next call does.
 */
async function inBackground(target: Page | BrowserContext) {
  await target.addInitScript(() => {
    Object.defineProperty(Document.prototype, 'visibilityState', { get: () => 'hidden' });
    Object.defineProperty(Document.prototype, 'hidden', { get: () => true });
  });
}
const consoleStatus = (page: Page) => page.getByLabel('API console').getByRole('status');

async function waitForExpiry(...pages: Page[]) {
  for (const page of pages) await expect(access(page)).toContainText('Expired at');
}

/** Presses "Send" `times` times without waiting for any call to finish. */
async function pressCallApi(page: Page, times: number) {
  const button = page.getByRole('button', { name: 'Send', exact: true });
  await Promise.all(Array.from({ length: times }, () => button.click({ noWaitAfter: true })));
}

async function callsSucceeded(page: Page) {
  await expect(consoleStatus(page)).toHaveText('Done');
  await expect(page.getByLabel('API answer')).toContainText('HTTP 200');
}

test('two background tabs, 20 calls each just after expiry: one refresh per expiry, new expiry in both tabs', async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const tokens = captureTokens(context);
  await inBackground(context);
  await connectSandbox(page, SHORT);
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByText('Connected as demo user')).toBeVisible();
  await resetStats();

  for (const round of [1, 2]) {
    await waitForExpiry(page, other);
    const before = [await access(page).textContent(), await access(other).textContent()];
    await Promise.all([pressCallApi(page, 20), pressCallApi(other, 20)]);
    // At least half of the presses reached the API. Not all of them: on a loaded machine a press
    // that lands while the page re-renders after the refresh is lost (a known gap, see README's
    // Status), which is not what this test is about: one refresh for all of them.
    await expect
      .poll(async () => (await stats()).api, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(20 * round);
    await callsSucceeded(page);
    await callsSucceeded(other);
    const s = await stats();
    expect(s.token.refresh_token).toBe(round);
    expect(s.tokenErrors.invalid_grant ?? 0).toBe(0);
    await expect(access(page)).not.toHaveText(before[0]!);
    await expect(access(other)).not.toHaveText(before[1]!);
  }

  // Nothing in IndexedDB holds a token in readable form, though all of it was captured here.
  expect(tokens.size).toBeGreaterThanOrEqual(6);
  const stored = await everythingStored(page);
  expect(stored).toContain('Sandbox Short');
  expect(stored).toContain('keyfob-connections');
  for (const token of tokens) expect(stored).not.toContain(token);
});

test('disconnect in one tab signs the other out within a second, and revokes both tokens', async ({
  page,
  context,
}) => {
  await connectSandbox(page, SHORT);
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByText('Connected as demo user')).toBeVisible();
  await resetStats();
  await disconnect(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(
    page.getByText(
      'Disconnected Sandbox Short: access revoked at the provider and removed from this browser.',
    ),
  ).toBeVisible();
  await expect(other.getByText('This connection was disconnected in another tab.')).toBeVisible({
    timeout: 1_000,
  });
  expect((await stats()).revocation).toBe(2);
});

test('the network dropped during a refresh loses nothing; the refresh succeeds once it is back', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await inBackground(page);
  await connectSandbox(page, SHORT);
  await resetStats();
  await waitForExpiry(page);
  const tokenEndpoint = `${E2E.sandboxShort}/token`;
  await page.route(tokenEndpoint, (route) => route.abort('internetdisconnected'));
  await pressCallApi(page, 1);
  // The aborted request and the no-cors probe both fail: the host reads as unreachable.
  await expect(page.getByLabel('API console').getByRole('alert')).toContainText('UNREACHABLE');
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  expect((await stats()).token.refresh_token).toBe(0);

  await page.unroute(tokenEndpoint);
  const before = await access(page).textContent();
  await pressCallApi(page, 1);
  await callsSucceeded(page);
  await expect(access(page)).not.toHaveText(before!);
  const s = await stats();
  expect(s.token.refresh_token).toBe(1);
  expect(s.tokenErrors.invalid_grant ?? 0).toBe(0);
  // Still the same connection after a reload: the rotated token was stored.
  await page.reload();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
});

test('says whether storage is persistent, once something is stored', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connections');
  await expect(page.getByRole('button', { name: 'Connect Sandbox', exact: true })).toBeVisible();
  await expect(page.getByText(/^Persistent storage: /)).toHaveCount(0);
  await connectSandbox(page);
  await page.getByRole('link', { name: 'All connections' }).click();
  await expect(page.getByText(/^Persistent storage: /)).toBeVisible();
});

test('a tab that comes back online refreshes what expired meanwhile, without a call', async ({
  page,
  context,
}) => {
  await connectSandbox(page, SHORT);
  await resetStats();
  await context.setOffline(true);
  await waitForExpiry(page);
  const before = await access(page).textContent();
  await context.setOffline(false);
  await expect(access(page)).not.toHaveText(before!);
  await expect(access(page)).toContainText('Expires at');
  expect((await stats()).token.refresh_token).toBe(1);
  expect((await stats()).api).toBe(0);
});

/** Deletes one of Keyfob's databases from a same-origin page that does not run the app. */
async function deleteDatabase(page: Page, name: string) {
  const back = page.url();
  await page.goto('/config.json');
  await page.evaluate(async (db) => {
    // The vault's databases live in a Storage Bucket (keyfob-vault-*); the others in the default.
    type Buckets = {
      keys(): Promise<string[]>;
      open(n: string): Promise<{ indexedDB: IDBFactory }>;
    };
    const buckets = (navigator as Navigator & { storageBuckets?: Buckets }).storageBuckets;
    const factories = [indexedDB];
    for (const bucket of (await buckets?.keys()) ?? []) {
      if (bucket.startsWith('keyfob-vault-'))
        factories.push((await buckets!.open(bucket)).indexedDB);
    }
    for (const factory of factories) {
      await new Promise<void>((resolve, reject) => {
        const req = factory.deleteDatabase(db);
        req.onsuccess = () => resolve();
        req.onerror = () => reject(req.error);
        req.onblocked = () => reject(new Error(`${db} is still open`));
      });
    }
  }, name);
  await page.goto(back);
}

test('a lost vault key makes the connection "needs reconnect" instead of failing the app', async ({
  page,
}) => {
  await connectSandbox(page, SHORT);
  await deleteDatabase(page, 'keyfob-keys');
  await expect(
    page.getByText(/Needs reconnect: The stored credential could not be decrypted/),
  ).toBeVisible();
  await pressCallApi(page, 1);
  await expect(page.getByLabel('API console').getByRole('alert')).toContainText('NEEDS_RECONNECT');
});

test('connections the browser cleared are noticed on the home page', async ({ page }) => {
  await connectSandbox(page, SHORT);
  await page.goto('/');
  await deleteDatabase(page, 'keyfob-connections');
  const notice = page
    .getByRole('alert')
    .filter({ hasText: "Your browser cleared Keyfob's storage" });
  await expect(notice).toContainText('1 connection is gone from this device');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(page.getByText('Not connected').first()).toBeVisible();
  await expect(notice).toHaveCount(0);
});

test('a token endpoint that accepts and never answers leaves neither Send nor Disconnect stuck', async ({
  page,
}) => {
  test.setTimeout(90_000);
  // A loopback server that accepts every connection and never answers a byte.
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  const silentUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  try {
    await inBackground(page);
    await connectSandbox(page, SHORT);
    await waitForExpiry(page);
    for (const endpoint of ['/token', '/token/revocation']) {
      await page.route(`${E2E.sandboxShort}${endpoint}`, (route) =>
        route.continue({ url: silentUrl }),
      );
    }
    const started = Date.now();
    await pressCallApi(page, 1);
    await expect(page.getByLabel('API console').getByRole('alert')).toContainText('TIMEOUT', {
      timeout: 20_000,
    });
    await expect(page.getByLabel('API console').getByRole('alert')).toContainText('token refresh');
    expect(Date.now() - started).toBeLessThan(20_000);

    // Again, and Disconnect while that refresh holds the lock: the connection is gone within 15 s.
    await pressCallApi(page, 1);
    const pressed = Date.now();
    await disconnect(page);
    await expect(page).toHaveURL(/\/$/, { timeout: 16_000 });
    expect(Date.now() - pressed).toBeLessThan(16_000);
    await expect(
      page.getByText(/Disconnected Sandbox Short: .*could not be revoked/),
    ).toBeVisible();
    await expect(page.getByText(/TIMEOUT|did not answer/)).toBeVisible();
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
