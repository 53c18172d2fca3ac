/**
 * `npm test`: every check, in order: type-check, lint, unit + component + node tests (vitest),
 * the production build, then the end-to-end tests in Debian's Chromium (Playwright). It never
 * skips the browser tests: without Chromium it stops and says how to install it. It ends with one
 * line "N passed, N failed" adding up both test runners, read from their JSON reports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const chromium = process.env.KEYFOB_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `No Chromium at ${chromium}: install it with "sudo apt-get install -y chromium" (or set KEYFOB_CHROMIUM), then run npm test again.`,
  );
  process.exit(1);
}

const reports = '.reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

/**
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 */
function run(label, command, args, env = {}) {
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

const bin = (/** @type {string} */ name) => `node_modules/.bin/${name}`;
const failures = [];
if (!run('type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']))
  failures.push('type-check');
if (!run('type-check (sandbox, scripts)', bin('tsc'), ['-p', 'tsconfig.sandbox.json', '--noEmit']))
  failures.push('type-check (sandbox)');
if (!run('lint', bin('eslint'), ['.', '--max-warnings=0'])) failures.push('lint');
run('unit, component and node tests (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reports}/vitest.json`,
]);
const built = run('production build', bin('vite'), ['build']);
if (built) run('end to end (Playwright, Chromium)', bin('playwright'), ['test']);
else failures.push('build');

/** @param {string} path @returns {any} */
function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;
const vitest = readJson(`${reports}/vitest.json`);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A file that fails to load has no tests in the count: count it as a failure.
  failed += (vitest.testResults ?? []).filter(
    (/** @type {{ status: string; assertionResults: unknown[] }} */ f) =>
      f.status === 'failed' && f.assertionResults.length === 0,
  ).length;
} else failures.push('vitest (no report)');
const playwright = readJson(`${reports}/playwright.json`);
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  if ((playwright.errors ?? []).length > 0) failures.push('playwright (setup error)');
} else if (built) failures.push('playwright (no report)');

if (failures.length > 0) console.log(`\nFailed checks: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed + failures.length} failed`);
process.exit(failed + failures.length === 0 && passed > 0 ? 0 : 1);
