import { chromium, expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import config from '../../playwright.config';
import { connectSandbox, DATABASES, exportedIndexedDb } from './support/flows';
import { E2E } from './support/ports';
import { recoverFromProfileFiles } from './support/profile-files';

test('a damaged vault key is a STORAGE alert with Reset local data; after the reset, connecting works', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  // The app has placed its vault (a Storage Bucket, at start-up).
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const buckets = (
          navigator as Navigator & { storageBuckets?: { keys(): Promise<string[]> } }
        ).storageBuckets;
        return (await buckets?.keys())?.some((b) => b.startsWith('keyfob-vault-')) ?? false;
      }),
    )
    .toBe(true);
  // What the review planted: a value in the key store that is not a CryptoKey.
  await page.evaluate(async () => {
    // The vault's databases live in a Storage Bucket (keyfob-vault-*), the others in the default.
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
    // The vault's own place: its bucket when the browser has them.
    const factory = factories.at(-1)!;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open('keyfob-keys');
      req.onupgradeneeded = () => req.result.createObjectStore('records');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('records', 'readwrite');
      tx.objectStore('records').put('not a key', 'vault-key:v1');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  });
  await page.reload();
  await page.getByRole('button', { name: 'Connect Sandbox', exact: true }).click();
  await page.getByRole('button', { name: 'Continue to Sandbox', exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('STORAGE');
  await expect(alert).toContainText('vault key stored in this browser is damaged');
  await expect(alert).not.toContainText('Sandbox');
  expect(page.url()).toContain(E2E.app);

  await alert.getByRole('button', { name: 'Reset local data' }).click();
  const confirm = page.getByRole('region', { name: 'Reset local data' });
  for (const db of DATABASES) await expect(confirm).toContainText(db);
  await expect(confirm).toContainText('not revoked');
  await confirm.getByRole('button', { name: 'Delete local data' }).click();
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  await expect(page).toHaveURL(`${E2E.app}/`);

  await connectSandbox(page);
  const exported = await exportedIndexedDb(page);
  expect(exported).not.toContain('not a key');
  expect(exported).toContain('[CryptoKey]');
});

test('the verifier, nonce, tokens and ID token claims are never in the clear in IndexedDB', async ({
  page,
  context,
}) => {
  let authorizeUrl: URL | undefined;
  let verifier: string | undefined;
  const tokens: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${E2E.sandbox}/auth?`)) authorizeUrl = new URL(request.url());
    if (request.url() === `${E2E.sandbox}/token`) {
      verifier = new URLSearchParams(request.postData() ?? '').get('code_verifier') ?? verifier;
    }
  });
  page.on('response', async (response) => {
    if (response.url() === `${E2E.sandbox}/token` && response.ok()) {
      const body = (await response.json()) as Record<string, string>;
      tokens.push(
        ...[body.access_token, body.refresh_token, body.id_token].filter((t): t is string => !!t),
      );
    }
  });

  await page.goto('/');
  await page.getByRole('button', { name: 'Connect Sandbox', exact: true }).click();
  await page.getByRole('button', { name: 'Continue to Sandbox', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign in as demo user' })).toBeVisible();
  // While the person is at the provider, another tab of the app reads the raw records.
  const appTab = await context.newPage();
  await appTab.goto('/');
  await expect(appTab.getByRole('heading', { name: 'Connections' })).toBeVisible();
  const atProvider = await exportedIndexedDb(appTab);
  const nonce = authorizeUrl?.searchParams.get('nonce');
  expect(nonce).toBeTruthy();
  expect(atProvider).toContain(`"status":"pending"`);
  expect(atProvider).not.toContain(nonce!);
  await appTab.close();

  await page.getByRole('button', { name: 'Sign in as demo user' }).click();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  expect(verifier).toMatch(/^[\w-]{43,128}$/);
  await expect.poll(() => tokens.length).toBeGreaterThanOrEqual(3);
  expect(atProvider).not.toContain(verifier!);

  const after = await exportedIndexedDb(page);
  expect(after).toContain('"status":"used"');
  // The claims: name, email and subject ("demo") of the sandbox's demo account.
  for (const secret of [verifier!, nonce!, ...tokens, 'demo user', 'demo@sandbox.test', 'demo']) {
    expect(after).not.toContain(secret);
  }
});

test('another origin cannot see Keyfob’s databases', async ({ page, context }) => {
  await connectSandbox(page);
  const other = await context.newPage();
  await other.goto(`${E2E.sandbox}/.well-known/openid-configuration`);
  const names = await other.evaluate(async () =>
    (await indexedDB.databases()).map((d) => d.name ?? ''),
  );
  expect(names.filter((n) => n.startsWith('keyfob'))).toEqual([]);
});

test('without a lock, a copy of the profile’s files alone gives up every token (the honest limit)', async () => {
  const userDataDir = await mkdtemp(join(tmpdir(), 'keyfob-profile-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      ...config.use?.launchOptions,
      baseURL: E2E.app,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const tokens: string[] = [];
    page.on('response', async (response) => {
      if (response.url() === `${E2E.sandbox}/token` && response.ok()) {
        const body = (await response.json()) as Record<string, string>;
        tokens.push(...[body.access_token, body.refresh_token].filter((t): t is string => !!t));
      }
    });
    await connectSandbox(page);
    await expect.poll(() => tokens.length).toBe(2);
    await context.close();

    const found = await recoverFromProfileFiles(userDataDir);
    expect(found.files).toBeGreaterThan(0);
    expect(found.keys).toBeGreaterThan(0);
    const text = found.recovered.join('\n');
    for (const token of tokens) expect(text).toContain(token);
  } finally {
    await rm(userDataDir, { recursive: true, force: true });
  }
});
