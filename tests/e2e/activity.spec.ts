import { expect, test } from '@playwright/test';
import { connectSandbox, everythingStored } from './support/flows';
import { E2E } from './support/ports';

/**
 * A connection's Activity and decoded tokens in a real browser, against the 5-second sandbox so a
 * refresh happens on the next API call: what was done is listed, and no token, code or verifier
 * appears in the page, on the clipboard or in IndexedDB.
 */
const SHORT = 'Sandbox Short';

test('Activity after connect, a refresh, an API call and a reload; the decoded ID token; no secret anywhere', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const secrets = new Set<string>();
  page.on('request', (request) => {
    const url = new URL(request.url());
    const code = url.searchParams.get('code');
    if (url.pathname.startsWith('/callback/') && code) secrets.add(code);
    if (request.url() === `${E2E.sandboxShort}/token`) {
      const body = new URLSearchParams(request.postData() ?? '');
      for (const key of ['code', 'code_verifier', 'refresh_token']) {
        const value = body.get(key);
        if (value) secrets.add(value);
      }
    }
  });
  page.on('response', async (response) => {
    if (response.url() !== `${E2E.sandboxShort}/token` || !response.ok()) return;
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    for (const key of ['access_token', 'refresh_token', 'id_token']) {
      if (typeof body[key] === 'string') secrets.add(body[key]);
    }
  });

  await connectSandbox(page, SHORT);
  const activity = page.getByRole('region', { name: 'Activity' });
  await expect(activity).toContainText('Authorization request');
  await expect(activity).toContainText('code_challenge');
  await expect(activity).toContainText('S256');
  await expect(activity).toContainText('Callback');
  await expect(activity).toContainText(/code\s*\[redacted, \d+ chars\]/);
  await expect(activity).toContainText('Code exchange');
  await expect(activity).toContainText('HTTP 200');

  const idToken = page.getByRole('region', { name: 'ID token' });
  for (const claim of ['iss', 'sub', 'aud', 'nonce', 'exp']) {
    await expect(
      idToken.getByRole('term').filter({ hasText: new RegExp(`^${claim}$`) }),
    ).toHaveCount(1);
  }
  await expect(idToken).toContainText(E2E.sandboxShort);
  await expect(idToken).toContainText('keyfob-sandbox');
  await expect(idToken).toContainText('nonce: equals the one sent');

  // The access token lives 5 s: the open page renews it before it expires, on its own.
  await expect(activity.getByText('Refresh', { exact: true }).first()).toBeVisible({
    timeout: 15_000,
  });
  const api = page.getByLabel('API console');
  await api.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(api).toContainText('HTTP 200');
  await expect(activity).toContainText('rotated');
  await expect(activity.getByText('API call', { exact: true })).toBeVisible();
  await expect(activity).toContainText(/GET http:\/\/127\.0\.0\.1:\d+\/api\/me: HTTP 200/);

  await page.reload();
  for (const kind of [
    'Authorization request',
    'Callback',
    'Code exchange',
    'Refresh',
    'API call',
  ]) {
    await expect(activity.getByText(kind, { exact: true }).first()).toBeVisible();
  }
  const kinds = await activity.locator('.activity-head strong').allTextContents();
  // Newest first.
  expect(kinds.indexOf('API call')).toBeLessThan(kinds.indexOf('Refresh'));
  expect(kinds.indexOf('Code exchange')).toBeLessThan(kinds.indexOf('Authorization request'));

  await activity.getByRole('button', { name: 'Copy activity' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('authorization-request');
  expect(copied).toContain('code_challenge_method: S256');

  expect(secrets.size).toBeGreaterThanOrEqual(5);
  const html = await page.content();
  const text = await page.evaluate(() => document.body.innerText);
  const stored = await everythingStored(page);
  for (const secret of secrets) {
    expect(html).not.toContain(secret);
    expect(text).not.toContain(secret);
    expect(copied).not.toContain(secret);
    expect(stored).not.toContain(secret);
  }
});

test('the Activity says which requests carried a DPoP proof', async ({ page }) => {
  await connectSandbox(page, 'Sandbox DPoP');
  const activity = page.getByRole('region', { name: 'Activity' });
  const exchange = activity.getByRole('listitem').filter({ hasText: 'Code exchange' });
  await expect(exchange).toContainText('DPoP proofyes');
  await expect(exchange).toContainText('dpop');
  const api = page.getByLabel('API console');
  await api.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(api).toContainText('HTTP 200');
  const call = activity.getByRole('listitem').filter({ hasText: 'API call' });
  await expect(call).toContainText('DPoP proofyes');

  // Bearer tokens: the same requests say "no".
  await connectSandbox(page);
  await expect(activity.getByRole('listitem').filter({ hasText: 'Code exchange' })).toContainText(
    'DPoP proofno',
  );
});
