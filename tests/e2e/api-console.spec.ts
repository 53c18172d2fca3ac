/**
 * The API console against the sandbox's API, in Chromium: a POST with a custom header and a JSON
 * body that reaches /api/echo, its preview, Copy as curl, the sealed History across a reload and a
 * re-send, and no token text in the page or in raw IndexedDB at any point.
 */
import { expect, test, type Page } from '@playwright/test';
import { connectSandbox, disconnect, exportedIndexedDb, rawIndexedDb } from './support/flows';
import { E2E } from './support/ports';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Every token the sandbox hands this page, read from its token responses. */
function recordTokens(page: Page): string[] {
  const tokens: string[] = [];
  page.on('response', async (response) => {
    if (response.url() === `${E2E.sandbox}/token` && response.ok()) {
      const body = (await response.json()) as Record<string, string>;
      tokens.push(
        ...[body.access_token, body.refresh_token, body.id_token].filter((t): t is string => !!t),
      );
    }
  });
  return tokens;
}

async function expectNoTokenText(page: Page, tokens: string[]) {
  const pageText = await page.evaluate(() => document.documentElement.outerHTML);
  const stored = await exportedIndexedDb(page);
  for (const token of tokens) {
    expect(pageText).not.toContain(token);
    expect(stored).not.toContain(token);
  }
}

test('a POST with a custom header and a JSON body reaches the API; preview, curl and history', async ({
  page,
}) => {
  const tokens = recordTokens(page);
  await connectSandbox(page);
  await expect.poll(() => tokens.length).toBeGreaterThanOrEqual(2);
  const panel = page.getByRole('region', { name: 'API console' });

  await panel.getByLabel('Method').selectOption('POST');
  await panel.getByLabel('Path', { exact: true }).fill('/echo');
  await panel.getByLabel('Headers').fill('X-Keyfob-Test: from-e2e');
  await panel.getByLabel('Body').fill('{"hello": "e2e", "n": [1, 2]}');

  const preview = panel.getByRole('region', { name: 'Request preview' });
  await expect(preview).toContainText(`POST ${E2E.sandbox}/api/echo`);
  await expect(preview.getByRole('row', { name: /^authorization/ })).toContainText(
    'Bearer [redacted]',
  );
  await expect(preview.getByRole('row', { name: /^x-keyfob-test/ })).toContainText('from-e2e');
  await expect(preview.getByRole('row', { name: /^content-type/ })).toContainText(
    'application/json',
  );

  await preview.getByRole('button', { name: 'Copy as curl' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Copied$/ })).toHaveCount(1);
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  expect(curl).toContain(`-X POST \\\n  '${E2E.sandbox}/api/echo'`);
  expect(curl).toContain('-H "Authorization: Bearer $KEYFOB_TOKEN"');
  expect(curl).toContain("-H 'x-keyfob-test: from-e2e'");
  expect(curl).toContain(`--data-raw '{"hello": "e2e", "n": [1, 2]}'`);
  for (const token of tokens) expect(curl).not.toContain(token);

  await panel.getByRole('button', { name: 'Send', exact: true }).click();
  const answer = panel.getByRole('region', { name: 'API answer' });
  await expect(answer).toContainText(/HTTP 200 in \d+ ms/);
  await expect(page.getByRole('status').filter({ hasText: /^HTTP 200 in \d+ ms$/ })).toHaveCount(1);
  const echoed = JSON.parse((await answer.locator('pre').textContent())!) as {
    method: string;
    headers: Record<string, string>;
    body: unknown;
  };
  expect(echoed.method).toBe('POST');
  expect(echoed.headers['x-keyfob-test']).toBe('from-e2e');
  expect(echoed.headers['content-type']).toBe('application/json');
  expect(echoed.body).toEqual({ hello: 'e2e', n: [1, 2] });

  const history = panel.getByRole('region', { name: 'History' });
  await expect(history.getByRole('listitem', { name: 'POST /echo' })).toContainText('HTTP 200');
  await expectNoTokenText(page, tokens);
  // Sealed: what the person typed is not readable in storage either.
  expect(await exportedIndexedDb(page)).not.toContain('from-e2e');

  await page.reload();
  const item = page
    .getByRole('region', { name: 'History' })
    .getByRole('listitem', { name: 'POST /echo' });
  await expect(item).toContainText('HTTP 200');
  await item.getByRole('button', { name: 'Send again' }).click();
  await expect(panel.getByLabel('Headers')).toHaveValue('X-Keyfob-Test: from-e2e');
  await expect(panel.getByRole('region', { name: 'API answer' })).toContainText('"from-e2e"');
  await expect(history.getByRole('listitem')).toHaveCount(2);
  await expectNoTokenText(page, tokens);

  await history.getByRole('button', { name: 'Clear history' }).click();
  await expect(history).toContainText('No requests yet');
  await page.reload();
  await expect(page.getByRole('region', { name: 'History' })).toContainText('No requests yet');
});

test('refused headers and paths send nothing; ready requests work; disconnect deletes history', async ({
  page,
}) => {
  const toApi: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(`${E2E.sandbox}/api/`)) toApi.push(`${r.method()} ${r.url()}`);
  });
  await connectSandbox(page);
  const panel = page.getByRole('region', { name: 'API console' });
  await panel.getByLabel('Headers').fill('Authorization: Bearer typed-by-hand');
  await panel.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(panel).toContainText('HEADER_REFUSED');
  await panel.getByLabel('Headers').fill('');
  await panel.getByLabel('Path', { exact: true }).fill('https://evil.test/api/me');
  await panel.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(panel).toContainText('PATH_REFUSED');
  expect(toApi).toEqual([]);

  await panel.getByRole('button', { name: 'Echo a JSON body' }).click();
  await panel.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(panel.getByRole('region', { name: 'API answer' })).toContainText(
    '"hello": "sandbox"',
  );
  await expect(panel.getByRole('region', { name: 'History' }).getByRole('listitem')).toHaveCount(1);
  expect(toApi.filter((r) => r.startsWith('POST'))).toEqual([`POST ${E2E.sandbox}/api/echo`]);

  // The connection and its sealed history: two records, both gone with Disconnect.
  await expect.poll(async () => (await rawIndexedDb(page, 'keyfob-connections')).length).toBe(2);
  await disconnect(page);
  await expect(page).toHaveURL(`${E2E.app}/`);
  expect(await rawIndexedDb(page, 'keyfob-connections')).toEqual([]);
});
