import { expect, test } from '@playwright/test';
import { E2E } from './support/ports';

test('works deployed under a sub-path with no rewrite rules', async ({ page }) => {
  await page.goto(E2E.appUnderBase);
  await page.getByRole('button', { name: 'Connect Sandbox', exact: true }).click();
  await expect(page).toHaveURL(`${E2E.appUnderBase}connect/sandbox`);
  await expect(
    page.getByText(`${E2E.appUnderBase}callback/sandbox`, { exact: true }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Continue to Sandbox', exact: true }).click();
  await page.getByRole('button', { name: 'Sign in as demo user' }).click();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  expect(page.url()).toMatch(new RegExp(`^${E2E.appUnderBase}connections/`));
  // A deep link reloads from the host's 404.html, and the app still finds its config and data.
  await page.reload();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  await page.getByRole('link', { name: 'Keyfob' }).click();
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: 'Connected as demo user' })).toBeVisible();
});
