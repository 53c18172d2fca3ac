import { expect, test, type Page, type Request } from '@playwright/test';
import { connectSandbox } from './support/flows';
import { E2E } from './support/ports';

/**
 * DPoP (RFC 9449) against the sandbox with DPoP on: the code exchange and every refresh carry a
 * proof, the token is DPoP-bound, and the sandbox's /api/me accepts the token only with a valid
 * proof of the same key. The plain sandbox, whose metadata does not advertise DPoP, stays Bearer.
 */

const decode = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

function proofOf(request: Request) {
  const jwt = request.headers()['dpop'];
  if (!jwt) return undefined;
  const [h, p] = jwt.split('.') as [string, string];
  return { header: decode(h), payload: decode(p) };
}

function recordRequests(page: Page, prefix: string) {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(prefix) && request.method() !== 'OPTIONS') seen.push(request);
  });
  return seen;
}

const grantOf = (request: Request) =>
  new URLSearchParams(request.postData() ?? '').get('grant_type');

async function callApi(page: Page) {
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const answer = page.getByLabel('API answer');
  await expect(answer).toContainText('HTTP 200');
  return JSON.parse((await answer.locator('pre').textContent())!) as Record<string, unknown>;
}

test('DPoP on: a bound token, API calls with a valid proof, a refresh with a proof', async ({
  page,
}) => {
  const seen = recordRequests(page, E2E.sandboxDpop);
  await connectSandbox(page, 'Sandbox DPoP');
  await expect(page.getByText('Tokens bound to this browser (DPoP)')).toBeVisible();
  const jkt = await page.getByTestId('dpop-thumbprint').textContent();
  expect(jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);

  // (The connect page's browser-access probe also posts to the token endpoint, with no code.)
  const exchanges = seen.filter(
    (r) =>
      grantOf(r) === 'authorization_code' && new URLSearchParams(r.postData() ?? '').has('code'),
  );
  // The sandbox requires a nonce: the first proof is refused with use_dpop_nonce, the retry passes.
  expect(exchanges).toHaveLength(2);
  const [first, retry] = exchanges.map(proofOf);
  expect(first?.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
  expect(first?.payload.nonce).toBeUndefined();
  expect(retry?.payload).toMatchObject({ htm: 'POST', htu: `${E2E.sandboxDpop}/token` });
  expect(typeof retry?.payload.nonce).toBe('string');
  const exchangeResponse = (await (await exchanges[1]!.response())!.json()) as Record<
    string,
    unknown
  >;
  expect(exchangeResponse.token_type).toBe('DPoP');

  // The sandbox checks the proof (signature, jkt, htm, htu, ath, iat) before it answers.
  expect(await callApi(page)).toMatchObject({ sub: 'demo', token_type: 'DPoP' });
  const apiCall = seen.filter((r) => r.url() === `${E2E.sandboxDpop}/api/me`).at(-1)!;
  expect(apiCall.headers()['authorization']).toMatch(/^DPoP /);
  expect(proofOf(apiCall)?.payload).toMatchObject({ htm: 'GET', htu: `${E2E.sandboxDpop}/api/me` });
  expect(typeof proofOf(apiCall)?.payload.ath).toBe('string');

  // The token lives 8 seconds: the next call refreshes first, with a proof of the same key.
  await page.waitForTimeout(8_500);
  // The answer box still shows the last HTTP 200: wait for the refresh and the new API answer
  // themselves, not for the text.
  const refreshed = page.waitForRequest(
    (r) => r.url() === `${E2E.sandboxDpop}/token` && grantOf(r) === 'refresh_token',
  );
  const answered = page.waitForResponse((r) => r.url() === `${E2E.sandboxDpop}/api/me`);
  expect(await callApi(page)).toMatchObject({ token_type: 'DPoP' });
  await refreshed;
  expect((await answered).status()).toBe(200);
  const refreshes = seen.filter((r) => grantOf(r) === 'refresh_token');
  expect(refreshes.length).toBeGreaterThanOrEqual(1);
  for (const refresh of refreshes) {
    expect(proofOf(refresh)?.payload).toMatchObject({
      htm: 'POST',
      htu: `${E2E.sandboxDpop}/token`,
    });
    expect(proofOf(refresh)?.header.jwk).toEqual(first?.header.jwk);
  }
  // The nonce was remembered from the exchange: the refresh needed no second try.
  expect(typeof proofOf(refreshes[0]!)?.payload.nonce).toBe('string');
  await expect(page.getByTestId('dpop-thumbprint')).toHaveText(jkt!);
});

test('a DPoP-bound token without its proof is refused by the sandbox API', async ({ page }) => {
  await connectSandbox(page, 'Sandbox DPoP');
  // The browser sends the same call again with the proof header removed: the token alone is useless.
  await page.route(`${E2E.sandboxDpop}/api/me`, async (route) => {
    const headers = { ...route.request().headers() };
    delete headers['dpop'];
    await route.continue({ headers });
  });
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByLabel('API console').getByRole('alert')).toBeVisible();
});

test('DPoP off: the plain sandbox still gets Bearer tokens', async ({ page }) => {
  const seen = recordRequests(page, E2E.sandbox);
  await connectSandbox(page);
  await expect(page.getByText('Bearer tokens (not bound)')).toBeVisible();
  expect(seen.every((r) => proofOf(r) === undefined)).toBe(true);
  expect(await callApi(page)).toMatchObject({ token_type: 'Bearer' });
});
