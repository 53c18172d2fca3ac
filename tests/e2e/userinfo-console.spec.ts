import { expect, test, type Page } from '@playwright/test';
import { E2E } from './support/ports';
import { disconnect } from './support/flows';

/**
 * An OpenID provider without an API base, added from the app by its issuer (the local sandbox,
 * whose discovery names a UserInfo endpoint): its API console calls exactly that endpoint with
 * the connection's credential, and nothing else can be typed.
 */

async function addAndConnectLocalOidc(page: Page) {
  await page.goto('/providers/new');
  await page.getByLabel('Name', { exact: true }).fill('Local OIDC');
  await page.getByLabel('Client ID', { exact: true }).fill('keyfob-sandbox');
  await page.getByLabel(/^Issuer URL/).fill(E2E.sandbox);
  await page.getByRole('button', { name: 'Add provider' }).click();
  await page.getByRole('button', { name: 'Continue to Local OIDC', exact: true }).click();
  await page.getByRole('button', { name: 'Sign in as demo user' }).click();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
}

test('a provider added by issuer gets its UserInfo endpoint in the API console', async ({
  page,
  request,
}) => {
  const metadata = (await (
    await request.get(`${E2E.sandbox}/.well-known/openid-configuration`)
  ).json()) as { userinfo_endpoint: string };
  const userInfo = metadata.userinfo_endpoint;
  expect(userInfo).toMatch(new RegExp(`^${E2E.sandbox}/`));
  const sent: { url: string; authorization?: string }[] = [];
  page.on('request', (r) => {
    const authorization = r.headers().authorization;
    if (authorization) sent.push({ url: r.url(), authorization });
  });

  await addAndConnectLocalOidc(page);
  const panel = page.getByRole('region', { name: 'API console' });
  await expect(panel).toContainText(`URL ${userInfo}`);
  await expect(panel.getByLabel('Path', { exact: true })).toHaveCount(0);
  await expect(panel.getByRole('region', { name: 'Request preview' })).toContainText(
    `GET ${userInfo}`,
  );
  const before = sent.length;
  await panel
    .getByRole('group', { name: 'Ready requests' })
    .getByRole('button', { name: 'Your profile (UserInfo)' })
    .click();
  await panel.getByRole('button', { name: 'Send', exact: true }).click();
  const answer = panel.getByRole('region', { name: 'API answer' });
  await expect(answer).toContainText('HTTP 200');
  await expect(answer).toContainText('"sub"');
  const calls = sent.slice(before);
  expect(calls.map((c) => c.url)).toEqual([userInfo]);
  expect(calls[0]!.authorization).toMatch(/^(Bearer|DPoP) /);
  // Every credential this page sent went to the sandbox's own token or UserInfo endpoints.
  for (const call of sent) expect(call.url.startsWith(`${E2E.sandbox}/`)).toBe(true);
  await expect(panel.getByRole('region', { name: 'History' })).toContainText(userInfo);

  // After a reload the endpoint is discovered again and the console is back.
  await page.reload();
  await expect(panel).toContainText(`URL ${userInfo}`);
  await disconnect(page);
});
