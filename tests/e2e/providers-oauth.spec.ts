import { expect, test } from '@playwright/test';
import { E2E } from './support/ports';
import {
  storedConnections,
  callApi,
  readyRequestStatuses,
  recordTraffic,
  startConnect,
  disconnect,
  resetTwins,
} from './support/provider-pages';
import { TWINS, TWIN_CREDENTIALS } from './support/twins-config';

/**
 * The OAuth providers through the real UI in Chromium, against their twins (sandbox/twins), with
 * CloudConvert's and VideoAsk's secrets added by the real Node proxy; and a provider added from
 * the app by issuer URL.
 */

test.beforeEach(async ({ request }) => {
  await resetTwins(request);
});

test('Convert: public PKCE client, JSON token body, granted accounts, one-click reconnect after expiry', async ({
  page,
  request,
}) => {
  const tokenBodies: string[] = [];
  page.on('request', (r) => {
    // The connect page's browser-access probe carries only the grant type; it is not an exchange.
    const body = r.postData() ?? '';
    if (r.url().endsWith('/auth/oauth/token') && body !== 'grant_type=authorization_code')
      tokenBodies.push(body);
  });
  await startConnect(page, 'Convert');
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page.getByText('Connected as Demo Agency')).toBeVisible();
  expect(Object.keys(JSON.parse(tokenBodies[0]!)).sort()).toEqual([
    'client_id',
    'code',
    'code_verifier',
    'grant_type',
    'redirect_uri',
  ]);
  const granted = page.getByRole('region', { name: 'Granted accounts and projects' });
  await expect(granted).toContainText('Demo Agency');
  await expect(granted).toContainText('Demo Shop');
  await expect(granted).toContainText('Demo Blog');
  await expect(page.getByText('No refresh token: connect again when access expires')).toBeVisible();
  const connectionUrl = page.url();

  await page.reload();
  await expect(page.getByText('Connected as Demo Agency')).toBeVisible();
  await page.getByRole('button', { name: 'Check connection' }).click();
  await expect(page.getByText('Convert accepted the token')).toBeVisible();
  const account = await callApi(page, '/accounts/100001');
  await expect(account).toContainText('HTTP 200');
  await expect(account).toContainText('Demo Shop');
  expect(await readyRequestStatuses(page)).toEqual({ 'The first granted account': 200 });

  // The provider expires every token: the next call is refused, and one click reconnects.
  await request.post(`${TWINS.convert}/__twin/expire-all`);
  await page.getByRole('button', { name: 'Check connection' }).click();
  await expect(
    page.getByText(/Needs reconnect: The access token was refused by Convert/),
  ).toBeVisible();
  // Refused before its own expiry: the button says Reconnect, not "Expired".
  await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page).toHaveURL(connectionUrl);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reconnect', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Check connection' }).click();
  await expect(page.getByText('Convert accepted the token')).toBeVisible();
  // One connection (the reconnect reused it), beside its API console history record.
  const records = (await storedConnections(page)) as { info?: unknown }[];
  expect(records.filter((r) => r.info !== undefined)).toHaveLength(1);

  await disconnect(page, 'Convert');
});

test('Convert: declining shows the provider’s error and stores nothing', async ({ page }) => {
  await startConnect(page, 'Convert');
  await page.getByRole('button', { name: 'Deny' }).click();
  await expect(page.getByRole('alert')).toContainText('access_denied');
  expect(await storedConnections(page)).toEqual([]);
});

test('CloudConvert: OAuth through the proxy with picked scopes; users/me with credits', async ({
  page,
}) => {
  const traffic = recordTraffic(page);
  let authorizeUrl: URL | undefined;
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.url().startsWith(`${TWINS.cloudconvert}/oauth/authorize`))
      authorizeUrl ??= new URL(r.url());
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect CloudConvert', exact: true }).click();
  await expect(page.getByText(`Through the token proxy at ${E2E.proxy}`)).toBeVisible();
  await expect(page.getByRole('checkbox')).toHaveCount(6);
  await page.getByRole('checkbox', { name: /webhook\.read/ }).check();
  await page.getByRole('button', { name: 'Continue to CloudConvert', exact: true }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page.getByText('Connected as demo-user')).toBeVisible();
  expect(authorizeUrl!.searchParams.get('scope')).toBe(
    'user.read task.read task.write webhook.read',
  );
  await expect(page.getByText('demo@cloudconvert.test')).toBeVisible();
  const details = page.getByRole('definition').filter({ hasText: /^250$/ });
  await expect(details).toBeVisible();
  await expect(page.getByText('Has a refresh token')).toBeVisible();
  expect(traffic.some((t) => t.startsWith(`POST ${E2E.proxy}/token/cloudconvert`))).toBe(true);
  expect(traffic.join('\n')).not.toContain(TWIN_CREDENTIALS.cloudconvertSecret);

  await page.reload();
  await expect(page.getByText('Connected as demo-user')).toBeVisible();
  await page.getByRole('button', { name: 'Check connection' }).click();
  await expect(page.getByText('CloudConvert accepted the token')).toBeVisible();
  const me = await callApi(page, '/v2/users/me');
  await expect(me).toContainText('HTTP 200');
  await expect(me).toContainText('demo@cloudconvert.test');
  expect(Object.values(await readyRequestStatuses(page))).toEqual([200, 201]);
  await disconnect(page, 'CloudConvert');
});

test('CloudConvert: declining shows the provider’s error', async ({ page }) => {
  await startConnect(page, 'CloudConvert');
  await page.getByRole('button', { name: 'Deny' }).click();
  await expect(page.getByRole('alert')).toContainText('access_denied');
  expect(await storedConnections(page)).toEqual([]);
});

test('VideoAsk: audience, the secret through the proxy, /me and the organizations', async ({
  page,
}) => {
  const traffic = recordTraffic(page);
  let authorizeUrl: URL | undefined;
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.url().startsWith(`${TWINS.videoask}/authorize`))
      authorizeUrl ??= new URL(r.url());
  });
  await startConnect(page, 'VideoAsk');
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page.getByText('Connected as demo-user')).toBeVisible();
  expect(authorizeUrl!.searchParams.get('audience')).toBe('https://api.videoask.com/');
  expect(authorizeUrl!.searchParams.get('scope')).toBe('openid profile email offline_access');
  const orgs = page.getByRole('region', { name: 'Organizations' });
  await expect(orgs).toContainText('Demo Org');
  await expect(orgs).toContainText('org-twin-1');
  await expect(orgs).toContainText('sent as organization-id');
  await expect(page.getByText('Has a refresh token')).toBeVisible();
  expect(traffic.some((t) => t.startsWith(`POST ${E2E.proxy}/token/videoask`))).toBe(true);
  expect(traffic.join('\n')).not.toContain(TWIN_CREDENTIALS.videoaskSecret);

  await page.reload();
  await expect(page.getByText('Connected as demo-user')).toBeVisible();
  await page.getByRole('button', { name: 'Check connection' }).click();
  await expect(page.getByText('VideoAsk accepted the token')).toBeVisible();
  // /forms answers only with the organization-id header, taken from the stored organizations.
  const forms = await callApi(page, '/forms');
  await expect(forms).toContainText('HTTP 200');
  await expect(forms).toContainText('org-twin-1');
  expect(await readyRequestStatuses(page)).toEqual({
    'Who am I (me)': 200,
    'Your organizations': 200,
    'Your forms': 200,
  });
  await disconnect(page, 'VideoAsk');
});

test('VideoAsk: declining shows the provider’s error', async ({ page }) => {
  await startConnect(page, 'VideoAsk');
  await page.getByRole('button', { name: 'Deny' }).click();
  await expect(page.getByRole('alert')).toContainText('access_denied');
  expect(await storedConnections(page)).toEqual([]);
});

test('a provider added from the app by issuer URL shows what discovery found and connects', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Add a provider' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Local OIDC');
  await page.getByLabel('Client ID', { exact: true }).fill('keyfob-sandbox');
  await page.getByLabel(/^Issuer URL/).fill(E2E.sandbox);
  await page.getByRole('button', { name: 'Check server' }).click();
  const found = page.getByRole('region', { name: 'What the server supports' });
  await expect(found).toContainText('S256');
  await expect(found).toContainText('(discovered)');
  await expect(found).toContainText(`Yes, ${E2E.sandbox}/token/revocation`);
  await expect(found).toContainText('Yes: responses name the server, and Keyfob checks it');
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByRole('heading', { name: 'Connect Local OIDC' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue to Local OIDC', exact: true }).click();
  await page.getByRole('button', { name: 'Sign in as demo user' }).click();
  await expect(page.getByText('Connected as demo user')).toBeVisible();

  await page.goto('/');
  const row = page.getByRole('listitem', { name: 'Local OIDC', exact: true });
  await expect(row.getByRole('link', { name: 'Connected as demo user' })).toBeVisible();
  await page.reload();
  await expect(row.getByRole('link', { name: 'Connected as demo user' })).toBeVisible();
  await row.getByRole('link', { name: 'Connected as demo user' }).click();
  await disconnect(page, 'Local OIDC');
  await page.getByRole('link', { name: 'Add a provider' }).click();
  await page.getByRole('button', { name: 'Remove Local OIDC' }).click();
  // Removal is kept in IndexedDB: wait for it before leaving, or the next page may still see it.
  await expect(page.getByRole('button', { name: 'Remove Local OIDC' })).toHaveCount(0);
  await page.goto('/');
  await expect(page.getByRole('listitem', { name: 'Local OIDC', exact: true })).toHaveCount(0);
});
