import { expect, test } from '@playwright/test';
import {
  storedConnections,
  callApi,
  readyRequestStatuses,
  disconnect,
  resetTwins,
} from './support/provider-pages';
import { TWINS, TWIN_CREDENTIALS } from './support/twins-config';

/**
 * The providers reached with an API key through the real UI in Chromium, against their twins
 * (sandbox/twins): CloudConvert's key and WhatConverts' token + secret, checked before they are
 * saved and never in the DOM or storage in the clear.
 */

test.beforeEach(async ({ request }) => {
  await resetTwins(request);
});

test('CloudConvert: an API key is checked before it is saved and never shown unless revealed', async ({
  page,
}) => {
  await page.goto('/connect/cloudconvert');
  const key = page.getByLabel('API key', { exact: true });
  await expect(key).toHaveAttribute('type', 'password');
  await key.fill('not-the-key');
  await page.getByRole('button', { name: 'Save CloudConvert key' }).click();
  await expect(page.getByRole('alert')).toContainText('KEY_REFUSED');
  await expect(page.getByRole('alert')).toContainText('The key was refused by CloudConvert');
  expect(await storedConnections(page)).toEqual([]);

  await key.fill(TWIN_CREDENTIALS.cloudconvertApiKey);
  await page.getByRole('button', { name: 'Save CloudConvert key' }).click();
  await expect(page.getByText('Connected as demo-user')).toBeVisible();
  await expect(page).toHaveURL(/\/connections\//);
  await expect(page.getByText('Does not expire')).toBeVisible();
  expect(await page.content()).not.toContain(TWIN_CREDENTIALS.cloudconvertApiKey);
  expect(JSON.stringify(await storedConnections(page))).not.toContain(
    TWIN_CREDENTIALS.cloudconvertApiKey,
  );

  await page.reload();
  await expect(page.getByText('Connected as demo-user')).toBeVisible();
  await page.getByRole('button', { name: 'Check connection' }).click();
  await expect(page.getByText('CloudConvert accepted the key')).toBeVisible();
  await page.getByRole('button', { name: 'Reveal key' }).click();
  await expect(page.getByText(TWIN_CREDENTIALS.cloudconvertApiKey)).toBeVisible();
  await page.getByRole('button', { name: 'Hide key' }).click();
  expect(await page.content()).not.toContain(TWIN_CREDENTIALS.cloudconvertApiKey);
  await disconnect(page, 'CloudConvert');
});

test('WhatConverts: token + secret over HTTP Basic, checked first, daily limits shown, never in the DOM', async ({
  page,
}) => {
  const sentAuth: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(`${TWINS.whatconverts}/api/v1/leads`))
      sentAuth.push(r.headers().authorization ?? '');
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect WhatConverts', exact: true }).click();
  await expect(page.getByText('1,000 requests a day for a profile key')).toBeVisible();
  await page.getByLabel('API token', { exact: true }).fill(TWIN_CREDENTIALS.whatconvertsToken);
  await page.getByLabel('API secret', { exact: true }).fill('wrong-secret');
  await page.getByRole('button', { name: 'Save WhatConverts key' }).click();
  await expect(page.getByRole('alert')).toContainText('KEY_REFUSED');
  expect(await storedConnections(page)).toEqual([]);

  await page.getByLabel('API secret', { exact: true }).fill(TWIN_CREDENTIALS.whatconvertsSecret);
  await page.getByRole('button', { name: 'Save WhatConverts key' }).click();
  await expect(page.getByText('Connected as Demo Profile')).toBeVisible();
  expect(sentAuth.at(-1)).toBe(
    `Basic ${Buffer.from(`${TWIN_CREDENTIALS.whatconvertsToken}:${TWIN_CREDENTIALS.whatconvertsSecret}`).toString('base64')}`,
  );
  await expect(page.getByText('Profile key', { exact: true })).toBeVisible();
  await expect(page.getByText('1,000 requests a day, reset at midnight UTC')).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain(TWIN_CREDENTIALS.whatconvertsSecret);
  expect(html).not.toContain(TWIN_CREDENTIALS.whatconvertsToken);

  await page.reload();
  await expect(page.getByText('Connected as Demo Profile')).toBeVisible();
  await page.getByRole('button', { name: 'Check connection' }).click();
  await expect(page.getByText('WhatConverts accepted the key')).toBeVisible();
  const leads = await callApi(page, '/leads?leads_per_page=2');
  await expect(leads).toContainText('HTTP 200');
  await expect(leads).toContainText('"leads_per_page": 2');
  // The twin's key is a profile key: /accounts answers 403, as WhatConverts documents.
  expect(await readyRequestStatuses(page)).toEqual({
    'Your latest leads': 200,
    'Accounts (master key only)': 403,
  });
  expect(await page.content()).not.toContain(TWIN_CREDENTIALS.whatconvertsSecret);
  await disconnect(page, 'WhatConverts');
});
