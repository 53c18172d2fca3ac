import { expect, type Page } from '@playwright/test';

/** Connects the sandbox provider through the real UI and lands on the connection's page. */
export async function connectSandbox(page: Page, name = 'Sandbox') {
  await page.goto('/');
  // "Connect Sandbox" the first time, "Connect another account" (in its card) once one is connected.
  const card = page.getByRole('listitem', { name, exact: true });
  await page
    .getByRole('button', { name: `Connect ${name}`, exact: true })
    .or(card.getByRole('button', { name: 'Connect another account', exact: true }))
    .click();
  await page.getByRole('button', { name: `Continue to ${name}`, exact: true }).click();
  await page.getByRole('button', { name: 'Sign in as demo user' }).click();
  await expect(page.getByText('Connected as demo user')).toBeVisible();
  await expect(page).toHaveURL(/\/connections\//);
}

/** Every record of an IndexedDB database (in the default IndexedDB or the vault's bucket), read raw. */
export async function rawIndexedDb(page: Page, name: string): Promise<unknown[]> {
  return page.evaluate(async (dbName) => {
    // The vault's databases live in a Storage Bucket (keyfob-vault-*), the others in the default.
    type Buckets = {
      keys(): Promise<string[]>;
      open(n: string): Promise<{ indexedDB: IDBFactory }>;
    };
    const buckets = (navigator as Navigator & { storageBuckets?: Buckets }).storageBuckets;
    const factories = [indexedDB];
    for (const bucket of (await buckets?.keys()) ?? []) {
      if (bucket.startsWith('keyfob-vault-'))
        factories.push((await buckets!.open(bucket)).indexedDB);
    }
    const out: unknown[] = [];
    for (const factory of factories) {
      // Opening a database that does not exist would create it empty, under the app's feet.
      const exists = (await factory.databases()).some((info) => info.name === dbName);
      if (!exists) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = factory.open(dbName);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      if (db.objectStoreNames.contains('records')) {
        out.push(
          ...(await new Promise<unknown[]>((resolve, reject) => {
            const req = db.transaction('records').objectStore('records').getAll();
            req.onsuccess = () => resolve(req.result as unknown[]);
            req.onerror = () => reject(req.error);
          })),
        );
      }
      db.close();
    }
    return out;
  }, name);
}

export const DATABASES = [
  'keyfob-keys',
  'keyfob-connections',
  'keyfob-transactions',
  'keyfob-vault-state',
  'keyfob-settings',
];

/**
 * Every record of Keyfob's databases as an export tool would write it: binary values as their
 * bytes read as text (so plaintext stored as bytes would still show), a CryptoKey as a marker.
 */
export async function exportedIndexedDb(page: Page): Promise<string> {
  return page.evaluate(async (names) => {
    // The vault's databases live in a Storage Bucket (keyfob-vault-*), the others in the default.
    type Buckets = {
      keys(): Promise<string[]>;
      open(n: string): Promise<{ indexedDB: IDBFactory }>;
    };
    const buckets = (navigator as Navigator & { storageBuckets?: Buckets }).storageBuckets;
    const factories = [indexedDB];
    for (const bucket of (await buckets?.keys()) ?? []) {
      if (bucket.startsWith('keyfob-vault-'))
        factories.push((await buckets!.open(bucket)).indexedDB);
    }
    const out: Record<string, unknown[]> = {};
    for (const [index, factory] of factories.entries()) {
      const present = new Set((await factory.databases()).map((d) => d.name));
      for (const name of names.filter((n) => present.has(n))) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = factory.open(name);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        if (!db.objectStoreNames.contains('records')) continue;
        out[`${index}/${name}`] = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction('records').objectStore('records').getAll();
          req.onsuccess = () => resolve(req.result as unknown[]);
          req.onerror = () => reject(req.error);
        });
        db.close();
      }
    }
    return JSON.stringify(out, (_k, v: unknown) => {
      if (v instanceof CryptoKey) return '[CryptoKey]';
      if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
        const bytes =
          v instanceof ArrayBuffer
            ? new Uint8Array(v)
            : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
        return String.fromCharCode(...bytes);
      }
      return v;
    });
  }, DATABASES);
}

/** Presses Disconnect on a connection's page and confirms in the dialog that asks first. */
export async function disconnect(page: Page) {
  await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Disconnect', exact: true }).click();
}

/** Every record of every Keyfob database, as text: JSON plus the raw bytes of binary fields. */
export async function everythingStored(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const bytes = (view: Uint8Array) =>
      `${new TextDecoder('latin1').decode(view)} ${new TextDecoder().decode(view)}`;
    const flatten = (value: unknown): string => {
      if (value instanceof ArrayBuffer) return bytes(new Uint8Array(value));
      if (ArrayBuffer.isView(value)) {
        return bytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      }
      if (value instanceof CryptoKey) return `CryptoKey(${value.algorithm.name})`;
      if (Array.isArray(value)) return value.map(flatten).join(' ');
      if (value && typeof value === 'object') {
        return Object.entries(value)
          .map(([k, v]) => `${k}: ${flatten(v)}`)
          .join(' ');
      }
      return JSON.stringify(value) ?? '';
    };
    // The vault's databases live in a Storage Bucket (keyfob-vault-*), the others in the default.
    type Buckets = {
      keys(): Promise<string[]>;
      open(n: string): Promise<{ indexedDB: IDBFactory }>;
    };
    const buckets = (navigator as Navigator & { storageBuckets?: Buckets }).storageBuckets;
    const factories = [indexedDB];
    for (const bucket of (await buckets?.keys()) ?? []) {
      if (bucket.startsWith('keyfob-vault-'))
        factories.push((await buckets!.open(bucket)).indexedDB);
    }
    const parts: string[] = [];
    for (const factory of factories)
      for (const { name } of await factory.databases()) {
        if (!name) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = factory.open(name);
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        for (const store of db.objectStoreNames) {
          const all = await new Promise<unknown[]>((resolve, reject) => {
            const req = db.transaction(store).objectStore(store).getAll();
            req.onsuccess = () => resolve(req.result as unknown[]);
            req.onerror = () => reject(req.error);
          });
          parts.push(`[${name}/${store}] ${flatten(all)}`);
        }
        db.close();
      }
    return parts.join('\n');
  });
}
