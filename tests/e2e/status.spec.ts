import { expect, test, type Page } from '@playwright/test';
import { connectSandbox } from './support/flows';
import { E2E } from './support/ports';

/**
 * A status you can trust: with nobody pressing anything, a visible connection page renews its
 * 5-second tokens before they expire (the sandbox sees refresh_token grants, the expiry moves
 * forward, no expired state is ever drawn); Refresh now renews at once; a reload shows the same.
 */
const SHORT = 'Sandbox Short';

interface SandboxStats {
  token: { authorization_code: number; refresh_token: number };
  tokenErrors: Record<string, number>;
}

async function stats(origin: string): Promise<SandboxStats> {
  return (await fetch(`${origin}/__sandbox/stats`)).json() as Promise<SandboxStats>;
}

async function resetStats(origin: string) {
  await fetch(`${origin}/__sandbox/reset`, { method: 'POST' });
}

const access = (page: Page) => page.locator('dt:text-is("Access") + dd');
const lifetime = (page: Page) => page.getByRole('meter', { name: 'Token lifetime' });

/**
 * Records, inside the page, every moment the status or the expiry reads as expired (or as
 * needing a reconnect): a MutationObserver sees each render, which a poll from here could miss.
 */
async function watchForExpiredStates(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { expiredSeen: string[] }).expiredSeen = seen;
    const look = () => {
      const text = document.querySelector('main')?.textContent ?? '';
      const found = text.match(/Expired at|expired \d+|Renews on next use|Needs reconnect/);
      if (found) seen.push(found[0]);
    };
    new MutationObserver(look).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    look();
  });
}

const expiredStatesSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { expiredSeen: string[] }).expiredSeen);

test('a visible page renews a 5-second token before it expires, with nobody pressing anything', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await connectSandbox(page, SHORT);
  await resetStats(E2E.sandboxShort);
  await watchForExpiredStates(page);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await expect(lifetime(page)).toHaveAttribute('aria-valuetext', /^expires in \d+ s$/);
  const first = await access(page).textContent();
  expect(first).toMatch(/^Expires at /);

  // Three lifetimes of watching: each token is renewed about 1.25 s before it would expire.
  const seenExpiries = new Set([first]);
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    seenExpiries.add(await access(page).textContent());
    await page.waitForTimeout(250);
  }
  const s = await stats(E2E.sandboxShort);
  expect(s.token.refresh_token).toBeGreaterThanOrEqual(3);
  expect(s.tokenErrors.invalid_grant ?? 0).toBe(0);
  // The expiry moved forward with each renewal, and no expired state was ever drawn.
  expect(seenExpiries.size).toBeGreaterThanOrEqual(3);
  const times = [...seenExpiries].map((t) => Date.parse(t!.replace(/^Expires at /, '')));
  const sorted = [...times].sort((a, b) => a - b);
  expect(times).toEqual(sorted);
  expect(await expiredStatesSeen(page)).toEqual([]);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await expect(page.getByText(/Last refreshed /)).toBeVisible();

  // The list renews too, and says the same.
  await page.getByRole('link', { name: 'All connections' }).click();
  const card = page.getByRole('listitem', { name: SHORT, exact: true });
  await watchForExpiredStates(page);
  const before = (await stats(E2E.sandboxShort)).token.refresh_token;
  await page.waitForTimeout(8_000);
  expect((await stats(E2E.sandboxShort)).token.refresh_token).toBeGreaterThan(before);
  await expect(card.getByText('Connected', { exact: true })).toBeVisible();
  await expect(card.getByRole('meter', { name: 'Token lifetime' })).toBeVisible();
  expect(await expiredStatesSeen(page)).toEqual([]);
});

test('Refresh now renews at once: the new expiry and a full lifetime bar; a reload shows the same', async ({
  page,
}) => {
  // The 2-minute sandbox: no timer renews it during this test, so what moves is the button's doing.
  await connectSandbox(page);
  await resetStats(E2E.sandbox);
  const before = await access(page).textContent();
  // Expiry times are shown to the second: let one pass so the new one reads differently.
  await page.waitForTimeout(1_100);
  const refreshed = page.waitForResponse(
    (r) =>
      r.url() === `${E2E.sandbox}/token` &&
      r.request().postData()?.includes('grant_type=refresh_token') === true,
  );
  await page.getByRole('button', { name: 'Refresh now' }).click();
  const response = await refreshed;
  expect(response.ok()).toBe(true);
  const answered = Date.now();
  await expect(access(page)).not.toHaveText(before!);
  expect(Date.now() - answered).toBeLessThan(1_000);
  expect(
    Date.parse((await access(page).textContent())!.replace(/^Expires at /, '')),
  ).toBeGreaterThan(Date.parse(before!.replace(/^Expires at /, '')));
  await expect(lifetime(page)).toHaveAttribute('aria-valuetext', 'expires in 2 min');
  expect(Number(await lifetime(page).getAttribute('value'))).toBeGreaterThan(0.97);
  expect((await stats(E2E.sandbox)).token.refresh_token).toBe(1);
  await expect(page.getByText(/Last refreshed /)).toBeVisible();

  // After a reload: the same expiry, the same words, and nothing renewed behind the scenes.
  const shown = await access(page).textContent();
  await page.reload();
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await expect(access(page)).toHaveText(shown!);
  await expect(lifetime(page)).toHaveAttribute(
    'aria-valuetext',
    /^expires in (2 min|1[0-9]{2} s)$/,
  );
  await expect(page.getByText(/Last refreshed /)).toBeVisible();
  expect((await stats(E2E.sandbox)).token.refresh_token).toBe(1);
});

test('after a reload of a short-lived connection the status is right and renewals go on', async ({
  page,
}) => {
  test.setTimeout(45_000);
  await connectSandbox(page, SHORT);
  await page.waitForTimeout(4_500);
  await page.reload();
  await watchForExpiredStates(page);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  await resetStats(E2E.sandboxShort);
  const shown = await access(page).textContent();
  await expect(access(page)).not.toHaveText(shown!, { timeout: 6_000 });
  expect((await stats(E2E.sandboxShort)).token.refresh_token).toBeGreaterThanOrEqual(1);
  expect(await expiredStatesSeen(page)).toEqual([]);
});
