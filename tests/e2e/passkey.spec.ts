import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import config from '../../playwright.config';
import { connectSandbox } from './support/flows';
import { E2E } from './support/ports';
import { recoverFromProfileFiles, watchTokens } from './support/profile-files';

// Passkeys belong to a domain name (WebAuthn refuses 127.0.0.1 as the relying party): the same
// server, by name.
test.use({ baseURL: E2E.appByName });

/** Chromium's virtual authenticator with PRF (CTAP2 hmac-secret), user verification passing. */
async function virtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      hasPrf: true,
    },
  });
  return {
    credentials: async () =>
      (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
  };
}

async function lockWithPasskey(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Lock with a passkey' });
  await expect(section).toContainText('only way back is Reset local data');
  await section.getByRole('button', { name: 'Lock with a passkey' }).click();
  await expect(
    page.getByText('Locked with a passkey, and unlocked in this browser.'),
  ).toBeVisible();
}

async function callApi(page: Page) {
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('region', { name: 'API answer' })).toContainText('HTTP 200');
}

test('lock with a passkey; after a reload the connection page asks for it; a failed ceremony keeps it locked', async ({
  page,
  context,
}) => {
  const authenticator = await virtualAuthenticator(context, page);
  await connectSandbox(page);
  const connectionUrl = page.url();
  await lockWithPasskey(page);
  const [credential] = await authenticator.credentials();
  expect(credential?.rpId).toBe('localhost');

  await page.reload();
  await page.goto(connectionUrl);
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('LOCKED');
  await expect(alert).toContainText('Unlock it with your passkey');
  await expect(alert.getByLabel('Passphrase')).toHaveCount(0);

  // Another tab whose authenticator holds no such passkey: the ceremony fails, nothing changes.
  const other = await context.newPage();
  await virtualAuthenticator(context, other);
  await other.goto(connectionUrl);
  const otherAlert = other.getByRole('alert').first();
  await otherAlert.getByRole('button', { name: 'Unlock with a passkey' }).click();
  await expect(otherAlert.getByRole('alert')).toContainText('PASSKEY_FAILED');
  await expect(otherAlert.getByRole('alert')).toContainText('Keyfob stays locked.');
  await expect(other.getByText('Connected as demo user')).toHaveCount(0);

  // WebAuthn answers only the focused page.
  await page.bringToFront();
  await alert.getByRole('button', { name: 'Unlock with a passkey' }).click();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  await callApi(page);
  // Unlocked in one tab, unlocked in every tab.
  await expect(other.getByText('Connected as demo user')).toBeVisible();
});

test('Lock now and Unlock with a passkey cross tabs; Lock after locks every idle tab; Remove lock', async ({
  page,
  context,
}) => {
  await context.clock.install();
  await virtualAuthenticator(context, page);
  await connectSandbox(page);
  const other = await context.newPage();
  await other.goto('/settings');
  await page.bringToFront();
  await lockWithPasskey(page);
  await expect(other.getByText('Locked with a passkey, and unlocked')).toBeVisible();

  const credentialed: string[] = [];
  for (const tab of [page, other]) {
    tab.on('request', (request) => {
      if (request.headers()['authorization']) credentialed.push(request.url());
    });
  }
  await other.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByText('Keyfob is locked. Unlock it with your passkey.')).toBeVisible();
  await page.bringToFront();
  await page.getByRole('button', { name: 'Unlock with a passkey' }).click();
  await expect(other.getByText('Locked with a passkey, and unlocked')).toBeVisible();
  await expect(page.getByText('Locked with a passkey, and unlocked')).toBeVisible();

  // Lock after 5 minutes: input in either tab keeps both open, then 5 quiet minutes lock both.
  await page.getByLabel('Lock after').selectOption({ label: '5 minutes' });
  // In-app navigation: a reload would lock this tab by itself.
  await page.getByRole('link', { name: 'Keyfob', exact: true }).click();
  await page.getByRole('link', { name: 'Connected as demo user' }).click();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  await context.clock.fastForward('04:00');
  await other.mouse.move(10, 10);
  await other.mouse.move(40, 40);
  await context.clock.fastForward('04:00');
  await page.waitForTimeout(500);
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  await expect(other.getByText('Locked with a passkey, and unlocked')).toBeVisible();
  await context.clock.fastForward('01:30');
  await expect(page.getByRole('alert').first()).toContainText('LOCKED');
  await expect(other.getByText('Keyfob is locked. Unlock it with your passkey.')).toBeVisible();
  expect(credentialed).toEqual([]);

  await page.getByRole('button', { name: 'Unlock with a passkey' }).click();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  await other.getByRole('button', { name: 'Remove lock' }).click();
  await expect(other.getByRole('region', { name: 'Lock with a passkey' })).toBeVisible();
  await page.reload();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  await callApi(page);
});

test('a copy of the profile of a vault locked with a passkey gives up no token', async () => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'keyfob-passkey-profile-'));
  const launch = () =>
    chromium.launchPersistentContext(userDataDir, {
      ...config.use?.launchOptions,
      baseURL: E2E.appByName,
    });
  try {
    let context = await launch();
    let page = context.pages()[0] ?? (await context.newPage());
    const tokens = watchTokens(page);
    await connectSandbox(page);
    await expect.poll(() => tokens.length).toBe(2);
    await context.close();
    // Without a lock, the files alone give up every token (the attempt works on this profile).
    const unlocked = await recoverFromProfileFiles(userDataDir);
    for (const token of tokens) expect(unlocked.recovered.join('\n')).toContain(token);

    context = await launch();
    page = context.pages()[0] ?? (await context.newPage());
    await virtualAuthenticator(context, page);
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Connected as demo user' })).toBeVisible();
    await lockWithPasskey(page);
    await context.close();

    const locked = await recoverFromProfileFiles(userDataDir);
    // The records are there, re-sealed; no key in the files opens them.
    expect(locked.sealed).toBeGreaterThan(0);
    console.log(
      `passkey profile files: unlocked ${JSON.stringify({ ...unlocked, recovered: unlocked.recovered.length })}, locked ${JSON.stringify({ ...locked, recovered: locked.recovered.length })}`,
    );
    const text = locked.recovered.join('\n');
    for (const token of tokens) expect(text).not.toContain(token);
    expect(text).not.toContain('accessToken');

    // Reopened, it is locked and asks for the passkey (this virtual authenticator is gone).
    context = await launch();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await expect(page.getByRole('alert').first()).toContainText('Unlock it with your passkey');
    await expect(page.getByRole('button', { name: 'Unlock with a passkey' })).toBeVisible();
    await context.close();
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
});
