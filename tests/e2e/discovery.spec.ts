import { expect, test, type Page } from '@playwright/test';
import { E2E } from './support/ports';
import { disconnect } from './support/flows';

/**
 * Custom providers added by issuer on the Add a provider page and connected through the real UI:
 * plain OAuth 2.0 servers (RFC 8414 metadata only) with and without a path in the issuer, an
 * OpenID provider with a path, and oauth2-mock-server, a server nobody here wrote, as it ships.
 */

interface Case {
  title: string;
  id: string;
  issuer: string;
  scopes: string;
  apiBase: string;
  apiPath: string;
  /** The sandbox asks for a click; oauth2-mock-server sends the code straight back. */
  signIn: boolean;
  /** What the API answers for the demo account. */
  apiShows: string;
}

const cases: Case[] = [
  {
    title: 'a plain OAuth 2.0 server, issuer without a path',
    id: 'plain-root',
    issuer: E2E.sandboxPlain,
    scopes: 'offline_access api:read',
    apiBase: `${E2E.sandboxPlain}/api`,
    apiPath: '/me',
    signIn: true,
    apiShows: '"sub": "demo"',
  },
  {
    title: 'a plain OAuth 2.0 server, issuer with a path',
    id: 'plain-tenant',
    issuer: E2E.sandboxPlainTenant,
    scopes: 'offline_access api:read',
    apiBase: `${E2E.sandboxPlainTenant}/api`,
    apiPath: '/me',
    signIn: true,
    apiShows: '"sub": "demo"',
  },
  {
    title: 'an OpenID provider, issuer with a path',
    id: 'oidc-tenant',
    issuer: E2E.sandboxOidcTenant,
    scopes: 'openid profile offline_access api:read',
    apiBase: `${E2E.sandboxOidcTenant}/api`,
    apiPath: '/me',
    signIn: true,
    apiShows: '"sub": "demo"',
  },
  {
    title: 'oauth2-mock-server, with its own metadata',
    id: 'mock-server',
    issuer: E2E.mockServer,
    scopes: 'openid',
    apiBase: E2E.mockServer,
    apiPath: '/userinfo',
    signIn: false,
    apiShows: '"sub": "johndoe"',
  },
];

async function addByIssuer(page: Page, c: Case, name: string) {
  await page.goto('/');
  await page.getByRole('link', { name: 'Add a provider' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel(/^Id/).fill(c.id);
  await page.getByLabel('Client ID', { exact: true }).fill('keyfob-sandbox');
  await page.getByLabel(/^Issuer URL/).fill(c.issuer);
  await page.getByLabel(/^API base URL/).fill(c.apiBase);
  await page.getByLabel(/^Scopes/).fill(c.scopes);
  await page.getByRole('button', { name: 'Check server' }).click();
  const found = page.getByRole('region', { name: 'What the server supports' });
  await expect(found).toContainText('(discovered)');
  await expect(found).toContainText('S256');
  // Probed before the person is sent away, with no code or credential in the probe.
  await expect(found.getByRole('list', { name: 'Browser access' })).toContainText(
    `${name}'s token endpoint allows this page to call it.`,
  );
  await page.getByRole('button', { name: 'Add provider' }).click();
  await expect(page.getByRole('heading', { name: `Connect ${name}` })).toBeVisible();
}

for (const c of cases) {
  test(`connects by issuer: ${c.title}`, async ({ page }) => {
    const name = `Interop ${c.id}`;
    const metadataRequests: string[] = [];
    page.on('request', (r) => {
      // The no-cors HEAD probe after a failed read is not a metadata request.
      if (r.url().includes('/.well-known/') && r.method() === 'GET') metadataRequests.push(r.url());
    });
    await addByIssuer(page, c, name);
    // The connect page says it too, before the person is sent away.
    await expect(page.getByRole('list', { name: 'Browser access' })).toContainText(
      `${name}'s token endpoint allows this page to call it.`,
    );
    await page.getByRole('button', { name: `Continue to ${name}`, exact: true }).click();
    if (c.signIn) await page.getByRole('button', { name: 'Sign in as demo user' }).click();
    await expect(page).toHaveURL(/\/connections\//);
    await expect(page.getByRole('button', { name: 'Disconnect' })).toBeVisible();

    const issuer = new URL(c.issuer);
    const path = issuer.pathname === '/' ? '' : issuer.pathname;
    expect(metadataRequests[0]).toBe(`${issuer.origin}${path}/.well-known/openid-configuration`);
    if (c.id.startsWith('plain')) {
      // The OpenID location answered a bare 404 (to the page, a network error); RFC 8414's is next.
      expect(metadataRequests[1]).toBe(
        `${issuer.origin}/.well-known/oauth-authorization-server${path}`,
      );
    }

    await page.reload();
    const panel = page.getByRole('region', { name: 'API console' });
    await panel.getByLabel('Path', { exact: true }).fill(c.apiPath);
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    const answer = panel.getByLabel('API answer');
    await expect(answer).toContainText('HTTP 200');
    await expect(answer).toContainText(c.apiShows);

    await disconnect(page);
    await expect(page).toHaveURL(`${E2E.app}/`);
    await page.getByRole('link', { name: 'Add a provider' }).click();
    await page.getByRole('button', { name: `Remove ${name}` }).click();
  });
}

test('a server found at neither location: the page names each URL tried', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Add a provider' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Nowhere');
  await page.getByLabel('Client ID', { exact: true }).fill('keyfob-sandbox');
  // The sandbox's origin with a path it does not serve: two 404s without CORS headers.
  const issuer = `${E2E.sandboxPlainTenant.replace('/tenant/a', '')}/tenant/zzz`;
  await page.getByLabel(/^Issuer URL/).fill(issuer);
  await page.getByRole('button', { name: 'Check server' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('DISCOVERY_FAILED');
  await expect(alert).toContainText(`${issuer}/.well-known/openid-configuration`);
  await expect(alert).toContainText(
    `${new URL(issuer).origin}/.well-known/oauth-authorization-server/tenant/zzz`,
  );
});

test('a token endpoint without CORS headers is named as such before anyone is sent away', async ({
  page,
}) => {
  const probes: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/elsewhere/token')) probes.push(`${r.method()} ${r.postData() ?? ''}`);
  });
  await page.goto('/');
  await page.getByRole('link', { name: 'Add a provider' }).click();
  await page.getByLabel('Name', { exact: true }).fill('No CORS');
  await page.getByLabel('Client ID', { exact: true }).fill('keyfob-sandbox');
  await page.getByLabel('Authorization endpoint').fill(`${E2E.sandboxPlain}/auth`);
  // Outside the tenant's prefix: a bare 404 with no CORS headers, as many token endpoints answer.
  const tokenEndpoint = `${new URL(E2E.sandboxPlainTenant).origin}/elsewhere/token`;
  await page.getByLabel('Token endpoint').fill(tokenEndpoint);
  await page.getByRole('button', { name: 'Check server' }).click();
  const found = page.getByRole('region', { name: 'What the server supports' });
  await expect(found.getByRole('list', { name: 'Browser access' })).toContainText(
    "No CORS's token endpoint does not allow browsers: calls from this page will fail unless it is routed through the proxy",
  );
  expect(probes).toEqual(['POST grant_type=authorization_code']);
});
