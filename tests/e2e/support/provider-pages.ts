import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { E2E } from './ports';
import { disconnect as confirmDisconnect, rawIndexedDb } from './flows';
import { TWINS } from './twins-config';

/** What the provider specs share: each starts from fresh twins and drives the real pages. */

/** Puts every twin back to its first state, so each test starts from nothing. */
export async function resetTwins(request: APIRequestContext) {
  for (const url of Object.values(TWINS)) await request.post(`${url}/__twin/reset`);
}

/**
 * The stored connection records, read raw. Unlike opening the database plainly, this never creates
 * it: an empty database without its object store would break idb-keyval's lazy open later.
 */
export async function storedConnections(page: Page): Promise<unknown[]> {
  return rawIndexedDb(page, 'keyfob-connections');
}

/** Calls the API from the connection page's console (authorizedFetch) and returns the answer. */
export async function callApi(page: Page, path: string) {
  const panel = page.getByRole('region', { name: 'API console' });
  await panel.getByLabel('Path', { exact: true }).fill(path);
  await panel.getByRole('button', { name: 'Send', exact: true }).click();
  const answer = panel.getByLabel('API answer');
  await expect(answer).toBeVisible();
  return answer;
}

/** Sends each of the console's ready requests in turn: label -> the HTTP status it got. */
export async function readyRequestStatuses(page: Page): Promise<Record<string, number>> {
  const panel = page.getByRole('region', { name: 'API console' });
  const buttons = panel.getByRole('group', { name: 'Ready requests' }).getByRole('button');
  const sent = panel.getByRole('region', { name: 'History' }).getByRole('listitem');
  const statuses: Record<string, number> = {};
  const count = await buttons.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const before = await sent.count();
    await buttons.nth(i).click();
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(sent).toHaveCount(Math.min(before + 1, 20));
    const answer = await panel.getByRole('region', { name: 'API answer' }).textContent();
    statuses[(await buttons.nth(i).textContent())!] = Number(/^HTTP (\d+)/.exec(answer!)?.[1]);
  }
  return statuses;
}

/** Everything the browser sent or received, to prove no secret went through it. */
export function recordTraffic(page: Page) {
  const traffic: string[] = [];
  page.on('request', (r) => traffic.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
  page.on('response', async (r) => {
    if (r.request().resourceType() === 'fetch') traffic.push(await r.text().catch(() => ''));
  });
  return traffic;
}

export async function startConnect(page: Page, name: string) {
  await page.goto('/');
  await page.getByRole('button', { name: `Connect ${name}`, exact: true }).click();
  await page.getByRole('button', { name: `Continue to ${name}`, exact: true }).click();
}

export async function disconnect(page: Page, name: string) {
  await confirmDisconnect(page);
  await expect(page).toHaveURL(`${E2E.app}/`);
  await expect(
    page.getByRole('listitem', { name, exact: true }).getByText('Not connected'),
  ).toBeVisible();
  expect(await storedConnections(page)).toEqual([]);
}
