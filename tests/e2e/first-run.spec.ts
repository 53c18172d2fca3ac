import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { connectSandbox, disconnect } from './support/flows';
import { e2eConfig } from './support/e2e-config';
import { E2E } from './support/ports';

test.describe('Disconnect asks first', () => {
  test('Escape cancels and keeps the connection; confirming disconnects', async ({ page }) => {
    await connectSandbox(page);
    const here = page.url();
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect Sandbox?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Revoked: Keyfob asks Sandbox to revoke the');
    await expect(dialog).toContainText('Deleted from this browser');
    // A modal: the safe answer has focus, and Escape closes it without disconnecting.
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(here);
    await page.reload();
    await expect(page.getByText('Connected as demo user')).toBeVisible();

    // Cancel does the same.
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(here);

    await disconnect(page);
    await expect(page).toHaveURL(`${E2E.app}/`);
    await expect(page.getByText(/^Disconnected Sandbox: access revoked/)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Connected as demo user' })).toHaveCount(0);
  });
});

test.describe('the home page guides a newcomer', () => {
  for (const width of [1280, 390]) {
    test(`at ${width} px: intro, sandbox first, the rest grouped, rows that say what they are`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height: 844 });
      // This deployment has not set up Convert (no client id).
      const config = e2eConfig();
      const { clientId: _omitted, ...convert } = config.providers.convert as Record<
        string,
        unknown
      >;
      void _omitted;
      await page.route(`${E2E.app}/config.json`, (route) =>
        route.fulfill({ json: { ...config, providers: { ...config.providers, convert } } }),
      );
      await page.goto('/');
      await expect(page.getByText(/^Connect your API accounts/)).toBeVisible();
      const cards = page.locator('ul.cards > li');
      await expect(cards.first()).toHaveAccessibleName('Sandbox');
      await expect(cards.first()).toContainText('Try it with the local sandbox, no account needed');
      const group = page.locator('details', { hasText: 'Not set up here' });
      await expect(group.getByRole('listitem').first()).toBeHidden();
      await group.getByText('Not set up here').click();
      await expect(group.getByRole('listitem').first()).toBeVisible();
      await expect(group).toContainText('Convert: providers.convert.clientId');
      const { violations } = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze();
      expect(violations.map((v) => v.id)).toEqual([]);
      await expect(page.locator('button:disabled')).toHaveCount(0);
      await expect(page.getByText(/^Persistent storage: /)).toHaveCount(0);

      await connectSandbox(page);
      await page.getByRole('link', { name: 'All connections' }).click();
      const sandbox = cards.first();
      const rows = sandbox.locator('.connection-row');
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText(/OAuth.*Connected.*expires in \d+ (min|s|h)/);
      await expect(sandbox.getByRole('button', { name: 'Connect another account' })).toBeVisible();
      await expect(page.getByText(/^Persistent storage: /)).toBeVisible();
      const widths = await page.evaluate(() => ({
        scroll: document.scrollingElement!.scrollWidth,
        viewport: window.innerWidth,
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
    });
  }
});

test('the connect page asks for at least one scope, axe clean at 390 px', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect Sandbox', exact: true }).click();
  // The connect page loads on demand: wait for its boxes before taking them all.
  await expect(page.getByRole('checkbox').first()).toBeVisible();
  for (const box of await page.getByRole('checkbox').all()) await box.uncheck();
  await page.getByRole('button', { name: 'Continue to Sandbox', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Pick at least one permission');
  await expect(page).toHaveURL(/\/connect\/sandbox$/);
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
  const widths = await page.evaluate(() => ({
    scroll: document.scrollingElement!.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
});
