import { expect, test } from '@playwright/test';
import { connectSandbox, disconnect } from './support/flows';
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
