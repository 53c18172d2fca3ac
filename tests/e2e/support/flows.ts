import { expect, type Page } from '@playwright/test';

/** Connects the sandbox provider through the real UI and lands on the connection's page. */
export async function connectSandbox(page: Page, name = 'Sandbox') {
  await page.goto('/');
  await page.getByRole('button', { name: `Connect ${name}`, exact: true }).click();
  await page.getByRole('button', { name: `Continue to ${name}`, exact: true }).click();
  await page.getByRole('button', { name: 'Sign in as demo user' }).click();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  await expect(page).toHaveURL(/\/connections\//);
}

/** Every record of an IndexedDB database, read raw in the page (what is on disk). */
export async function rawIndexedDb(page: Page, name: string): Promise<unknown[]> {
  return page.evaluate(async (dbName) => {
    // Opening a database that does not exist would create it empty, under the app's feet.
    const exists = (await indexedDB.databases()).some((info) => info.name === dbName);
    if (!exists) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(dbName);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    if (!db.objectStoreNames.contains('records')) return [];
    const all = await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction('records').objectStore('records').getAll();
      req.onsuccess = () => resolve(req.result as unknown[]);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return all;
  }, name);
}
