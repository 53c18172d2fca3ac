import { expect, test } from '@playwright/test';
import { connectSandbox } from './support/flows';
import { E2E } from './support/ports';

test('connects the confidential client through the Node proxy; the secret never reaches the browser', async ({
  page,
}) => {
  const tokenRequests: { url: string; body: string }[] = [];
  const browserTraffic: string[] = [];
  page.on('request', (request) => {
    browserTraffic.push(`${request.url()} ${request.postData() ?? ''}`);
    // Not the connect page's browser-access probes, which carry the grant type alone or nothing.
    const probe = ['', 'grant_type=authorization_code'].includes(request.postData() ?? '');
    if (request.method() === 'POST' && request.url().includes('/token') && !probe) {
      tokenRequests.push({ url: request.url(), body: request.postData() ?? '' });
    }
  });
  const responses: string[] = [];
  page.on('response', async (response) => {
    if (response.url().startsWith(E2E.proxy) && response.request().method() === 'POST') {
      responses.push(await response.text());
    }
  });
  await page.goto('/connect/sandbox-proxied');
  await expect(page.getByText(`Through the token proxy at ${E2E.proxy}`)).toBeVisible();
  await connectSandbox(page, 'Sandbox via proxy');
  expect(tokenRequests).toHaveLength(1);
  expect(tokenRequests[0]!.url).toBe(`${E2E.proxy}/token/sandbox-proxied`);
  const sent = new URLSearchParams(tokenRequests[0]!.body);
  expect(sent.get('grant_type')).toBe('authorization_code');
  expect(sent.get('code_verifier')).toMatch(/^[\w-]{43}$/);
  expect(sent.has('client_secret')).toBe(false);
  expect(browserTraffic.join('\n')).not.toContain('sandbox-secret');
  expect(responses.join('\n')).not.toContain('sandbox-secret');
  await page.reload();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
});

test('the built bundle holds no client secret', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const scripts = [...html.matchAll(/src="([^"]+\.js)"/g)].map((m) => m[1]!);
  expect(scripts.length).toBeGreaterThan(0);
  for (const src of scripts) {
    const js = await (await request.get(src)).text();
    expect(js).not.toContain('sandbox-secret');
    expect(js).not.toMatch(/client_secret["']?\s*[:=]\s*["'][^"']+["']/);
  }
});
