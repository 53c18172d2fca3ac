import { expect, test } from '@playwright/test';
import { e2eConfig } from './support/e2e-config';
import { E2E } from './support/ports';
import { disconnect } from './support/flows';
import { TWINS, twinProviders } from './support/twins-config';

/**
 * Convert's token endpoint (and API) sending no CORS headers at all, as many real ones do: with
 * `"useProxy": true` the app's public-client requests go through the real Node proxy process
 * (KEYFOB_CONVERT_PUBLIC=1, no secret), and connecting still works.
 */

test.beforeEach(async ({ request }) => {
  await request.post(`${TWINS.convert}/__twin/reset`);
  const off = await request.post(`${TWINS.convert}/__twin/config`, { data: { cors: false } });
  expect(off.ok()).toBe(true);
});

test.afterEach(async ({ request }) => {
  await request.post(`${TWINS.convert}/__twin/config`, { data: { cors: true } });
  await request.post(`${TWINS.convert}/__twin/reset`);
});

test('connects Convert through the proxy as a public client while Convert sends no CORS headers', async ({
  page,
  request,
}) => {
  // The twin really answers without CORS: a browser could not read its token endpoint.
  const preflight = await request.fetch(`${TWINS.convert}/api/v2/auth/oauth/token`, {
    method: 'OPTIONS',
    headers: { origin: E2E.app, 'access-control-request-method': 'POST' },
  });
  expect(preflight.headers()['access-control-allow-origin']).toBeUndefined();

  const config = e2eConfig();
  await page.route(`${E2E.app}/config.json`, (route) =>
    route.fulfill({
      json: {
        ...config,
        providers: {
          ...config.providers,
          convert: { ...twinProviders().convert, useProxy: true, useApiRelay: true },
        },
      },
    }),
  );
  const toTwin: string[] = [];
  const tokenBodies: string[] = [];
  page.on('request', (r) => {
    // The connect page's browser-access probe reaches the twin with nothing usable in it (no
    // credential, no code: `grant_type=authorization_code` alone); only real calls count here.
    const probe =
      r.headers()['authorization'] === undefined &&
      ['', 'grant_type=authorization_code'].includes(r.postData() ?? '');
    if (r.url().startsWith(TWINS.convert) && r.resourceType() === 'fetch' && !probe)
      toTwin.push(r.url());
    if (r.method() === 'POST' && r.url() === `${E2E.proxy}/token/convert`)
      tokenBodies.push(r.postData() ?? '');
  });

  await page.goto('/');
  await page.getByRole('button', { name: 'Connect Convert', exact: true }).click();
  await page.getByRole('button', { name: 'Continue to Convert', exact: true }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page.getByText('Connected as Demo Agency')).toBeVisible();

  expect(tokenBodies).toHaveLength(1);
  const sent = new URLSearchParams(tokenBodies[0]);
  expect(sent.get('grant_type')).toBe('authorization_code');
  expect(sent.get('code_verifier')).toMatch(/^[\w-]{43}$/);
  expect(sent.has('client_secret')).toBe(false);
  // The browser never called the twin's token endpoint or API itself: the proxy did.
  expect(toTwin).toEqual([]);

  await page.getByRole('button', { name: 'Check connection' }).click();
  await expect(page.getByText('Convert accepted the token')).toBeVisible();
  await disconnect(page);
  await expect(page).toHaveURL(`${E2E.app}/`);
});
