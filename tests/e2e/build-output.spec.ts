import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { distJsSizes } from '../../bench/connect/sizes.mjs';

/** Every file of the production build, read from disk (what a deployment uploads). */
function builtFiles(dir = 'dist'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? builtFiles(path) : [path];
  });
}

// Budgets with some headroom over today's build (all JS ~159 KB gzipped in a dozen chunks, CSS
// ~1 KB): a jump past them means a dependency or a bundling mistake, worth a look before it ships.
// What the first screen loads has its own, tighter budget below.
const BUDGET_GZIP_BYTES = { js: 175_000, css: 8_000 };

test('the built JavaScript and CSS stay within their size budgets', () => {
  const totals = { js: 0, css: 0 };
  for (const file of builtFiles()) {
    const kind = file.endsWith('.js') ? 'js' : file.endsWith('.css') ? 'css' : undefined;
    if (kind) totals[kind] += gzipSync(readFileSync(file)).length;
  }
  expect(totals.js).toBeGreaterThan(0);
  expect(totals.js).toBeLessThanOrEqual(BUDGET_GZIP_BYTES.js);
  expect(totals.css).toBeLessThanOrEqual(BUDGET_GZIP_BYTES.css);
});

// The JS index.html loads up front (its script, modulepreloads and their static imports; not the
// import() chunks), gzipped at level 9 as `npm run bench:connect` measures it: 120.2 KiB today
// (117.4 at the benchmark run in the README, before the status and review fixes joined the home
// page), 147.7 KiB before the protocol core and the pages the first screen skips loaded on demand.
// Issue #14's goal is 105 KiB; this budget keeps what was won.
const INITIAL_JS_BUDGET_KIB = 122;

test('the first screen loads only its own JavaScript: the rest comes on demand', () => {
  const sizes = distJsSizes('dist');
  expect(sizes).not.toBeNull();
  const { initialJs, allJs } = sizes!;
  expect(initialJs.gz / 1024).toBeLessThanOrEqual(INITIAL_JS_BUDGET_KIB);
  // The protocol core (oauth4webapi and the flow) and the lazy pages are chunks of their own.
  const onDemand = allJs.files.filter((f) => !initialJs.files.some((i) => i.file === f.file));
  for (const chunk of ['protocol', 'connect-page', 'connection-page', 'settings-page']) {
    expect(onDemand.map((f) => f.file).join(' ')).toMatch(new RegExp(`assets/${chunk}-`));
  }
  const initialText = initialJs.files.map((f) => readFileSync(join('dist', f.file), 'utf8'));
  // One of oauth4webapi's own error codes: the library is not in the first screen's JS.
  expect(initialText.join('\n')).not.toContain('OAUTH_RESPONSE_IS_NOT_JSON');
});

test('no client secret, sandbox or twin secret is anywhere in the build', () => {
  const secrets = [
    'sandbox-secret',
    'cloudconvert-twin-secret',
    'videoask-twin-secret',
    'wc-twin-secret',
  ];
  const files = builtFiles();
  expect(files.some((f) => f.endsWith('.js'))).toBe(true);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const secret of secrets) expect(text, `${secret} in ${file}`).not.toContain(secret);
    expect(text, file).not.toMatch(/client_secret["']?\s*[:=]\s*["'][^"']+["']/);
  }
});

test('_headers carries the CSP of the meta tag plus frame-ancestors, no-referrer and nosniff', () => {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(
    readFileSync('dist/index.html', 'utf8'),
  )?.[1];
  expect(meta).toBeDefined();
  const headers = readFileSync('dist/_headers', 'utf8');
  const header = /^\s+Content-Security-Policy: (.+)$/m.exec(headers)?.[1];
  expect(header).toBe(`${meta}; frame-ancestors 'none'`);
  expect(headers).toMatch(/^\/\*$/m);
  expect(headers).toMatch(/^\s+Referrer-Policy: no-referrer$/m);
  expect(headers).toMatch(/^\s+X-Content-Type-Options: nosniff$/m);
});

test('each provider known at build time has its redirect URI as real files', () => {
  for (const id of ['sandbox', 'convert', 'cloudconvert', 'videoask', 'whatconverts']) {
    for (const file of [`dist/callback/${id}/index.html`, `dist/callback/${id}.html`]) {
      expect(readFileSync(file, 'utf8'), file).toBe(readFileSync('dist/index.html', 'utf8'));
    }
  }
});

test('config.json is fetched once, by the preload in index.html, and the app uses that answer', async ({
  page,
}) => {
  const configRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/config.json'))
      configRequests.push(request.url());
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(configRequests).toHaveLength(1);
  const initiators = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => new URL(entry.name).pathname.endsWith('/config.json'))
      .map((entry) => (entry as PerformanceResourceTiming).initiatorType),
  );
  expect(initiators).toEqual(['link']);
});
