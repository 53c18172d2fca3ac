import { chromium, expect, test, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import config from '../../playwright.config';
import { connectSandbox } from './support/flows';
import { E2E } from './support/ports';
import { recoverFromProfileFiles, watchTokens } from './support/profile-files';

const PASSPHRASE = 'correct horse battery staple';

async function lockWithPassphrase(page: Page) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  // Said before it is set: a forgotten passphrase can only reset local data.
  await expect(page.getByRole('form', { name: 'Lock with a passphrase' })).toContainText(
    'only way back is Reset local data',
  );
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Repeat passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByText('Locked with a passphrase, and unlocked')).toBeVisible();
}

test('a copy of the profile gives up every token without the lock and none with it; unlock works', async () => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'keyfob-locked-profile-'));
  const launch = () =>
    chromium.launchPersistentContext(userDataDir, {
      ...config.use?.launchOptions,
      baseURL: E2E.app,
    });
  try {
    let context = await launch();
    let page = context.pages()[0] ?? (await context.newPage());
    const tokens = watchTokens(page);
    await connectSandbox(page);
    await expect.poll(() => tokens.length).toBe(2);
    expect(await page.evaluate(() => 'storageBuckets' in navigator)).toBe(true);
    await context.close();

    // Without the lock, the profile's files alone give up every token.
    const unlocked = await recoverFromProfileFiles(userDataDir);
    for (const token of tokens) expect(unlocked.recovered.join('\n')).toContain(token);

    context = await launch();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Connected as demo user' })).toBeVisible();
    await lockWithPassphrase(page);
    await context.close();

    // With it, the same attempt on the same profile finds nothing: neither the old key nor the
    // records sealed under it survived in the files, and the new key is only there wrapped.
    const locked = await recoverFromProfileFiles(userDataDir);
    expect(locked.files).toBeGreaterThan(0);
    // The sealed records are in the files (re-sealed under the new key), the key to open them is not.
    expect(locked.sealed).toBeGreaterThan(0);
    console.log(
      `profile files: unlocked ${JSON.stringify({ ...unlocked, recovered: unlocked.recovered.length })}, locked ${JSON.stringify({ ...locked, recovered: locked.recovered.length })}`,
    );
    const text = locked.recovered.join('\n');
    for (const token of tokens) expect(text).not.toContain(token);
    expect(text).not.toContain('accessToken');

    // The same profile, reopened: locked, a wrong passphrase refused, the right one unlocks.
    context = await launch();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    const alert = page.getByRole('alert').first();
    await expect(alert).toContainText('LOCKED');
    await alert.getByLabel('Passphrase').fill('not the passphrase');
    await alert.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByText('That passphrase is not the right one.')).toBeVisible();
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('link', { name: 'Connected as demo user' }).click();
    await expect(page.getByText('Connected as demo user')).toBeVisible();
    await context.close();
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
});

test('Lock now in one tab locks the other; no call carries a credential while locked; unlock in the other unlocks both', async ({
  page,
  context,
}) => {
  await connectSandbox(page);
  const connectionUrl = page.url();
  const other = await context.newPage();
  await other.goto(connectionUrl);
  await expect(other.getByText('Connected as demo user')).toBeVisible();
  await lockWithPassphrase(page);
  // A reloaded tab is locked until the passphrase is typed.
  await other.reload();
  await expect(other.getByRole('alert').first()).toContainText('LOCKED');
  await other.getByLabel('Passphrase').fill(PASSPHRASE);
  await other.getByRole('button', { name: 'Unlock' }).click();
  await expect(other.getByText('Connected as demo user')).toBeVisible();
  const credentialed: string[] = [];
  for (const tab of [page, other]) {
    tab.on('request', (request) => {
      if (request.headers()['authorization']) credentialed.push(request.url());
    });
  }

  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByText('Keyfob is locked. Unlock it with your passphrase.')).toBeVisible();
  const otherAlert = other.getByRole('alert').first();
  await expect(otherAlert).toContainText('LOCKED');
  await other.reload();
  await expect(other.getByRole('alert').first()).toContainText('LOCKED');
  expect(credentialed).toEqual([]);

  await other.getByLabel('Passphrase').fill(PASSPHRASE);
  await other.getByRole('button', { name: 'Unlock' }).click();
  await expect(other.getByText('Connected as demo user')).toBeVisible();
  await expect(page.getByText('Locked with a passphrase, and unlocked')).toBeVisible();

  await page.getByRole('button', { name: 'Remove lock' }).click();
  await expect(page.getByRole('form', { name: 'Lock with a passphrase' })).toBeVisible();
  await page.reload();
  await page.goto(connectionUrl);
  await expect(page.getByText('Connected as demo user')).toBeVisible();
});
