import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Every file of the production build, read from disk (what a deployment uploads). */
function builtFiles(dir = 'dist'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? builtFiles(path) : [path];
  });
}

// Budgets with some headroom over today's build (JS ~123 KB gzipped, CSS ~1 KB): a jump past them
// means a dependency or a bundling mistake, worth a look before it ships.
const BUDGET_GZIP_BYTES = { js: 150_000, css: 8_000 };

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
