import { expect, test, type Page } from '@playwright/test';
import { E2E } from './support/ports';

async function addProvider(page: Page, issuer: string) {
  await page.goto('/');
  await page.getByRole('link', { name: 'Add a provider' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Acme');
  await page.getByLabel('Client ID', { exact: true }).fill('keyfob-sandbox');
  await page.getByLabel(/^Issuer URL/).fill(issuer);
  await page.getByLabel(/^API base URL/).fill(`${issuer}/api`);
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByRole('heading', { name: 'Connect Acme' })).toBeVisible();
}

test('a provider id re-added pointing elsewhere never gets the old token; removal can disconnect', async ({
  page,
}) => {
  // Every request the page makes to the second server, with whether it carried a credential.
  const toOther: { url: string; authorization?: string; body: string }[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(E2E.sandboxShort)) {
      toOther.push({
        url: request.url(),
        authorization: request.headers()['authorization'],
        body: request.postData() ?? '',
      });
    }
  });
  await addProvider(page, E2E.sandbox);
  await page.getByRole('button', { name: 'Continue to Acme', exact: true }).click();
  await page.getByRole('button', { name: 'Sign in as demo user' }).click();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  const connectionUrl = page.url();

  // Removed, keeping its connection; then "acme" again, at another server.
  await page.goto('/');
  await page.getByRole('link', { name: 'Add a provider' }).click();
  await page.getByRole('button', { name: 'Remove Acme', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed Acme' })).toContainText(
    'Removed Acme. Its connections stay on this device until you disconnect them.',
  );
  await addProvider(page, E2E.sandboxShort);

  await page.goto(connectionUrl);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByLabel('API console').getByRole('alert')).toContainText('PROVIDER_CHANGED');
  await expect(page.getByRole('alert').filter({ hasText: 'Needs reconnect' })).toContainText(
    'PROVIDER_CHANGED',
  );
  expect(toOther.filter((r) => r.authorization !== undefined)).toEqual([]);
  // The connect page's browser-access probe may reach the new server, but with nothing usable in
  // it (`grant_type=authorization_code` alone, an empty revocation): no token, code or verifier.
  const probeBody = ['', 'grant_type=authorization_code'];
  expect(toOther.filter((r) => !probeBody.includes(r.body))).toEqual([]);
  expect(toOther.filter((r) => r.url.includes('/api/') && r.authorization !== undefined)).toEqual(
    [],
  );

  // Removing it now offers to disconnect its connection too, and says what was not revoked.
  await page.goto('/');
  await page.getByRole('link', { name: 'Add a provider' }).click();
  await page.getByRole('button', { name: 'Remove Acme and disconnect its connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed Acme' })).toContainText(
    'Removed Acme and disconnected its connections. Not revoked at the provider: PROVIDER_CHANGED',
  );
  await page.goto(connectionUrl);
  await expect(page.getByText(/This connection does not exist on this device/)).toBeVisible();
  expect(toOther.filter((r) => r.authorization !== undefined)).toEqual([]);
});
