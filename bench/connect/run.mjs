// `npm run bench:connect`: builds Keyfob and the peer apps, serves each on its own port, starts
// the authorization server, checks it, measures the logins in Chromium, prints the tables and
// writes the results JSON to bench/results/. A benchmark, not a test: it prints numbers.
//
//   npm run bench:connect -- --runs 3 --apps keyfob,react-oidc-context
//
// Flags: --runs 30, --warmup 1, --apps all, --order interleaved|sequential,
// --settle networkidle|load|domcontentloaded, --timeout 20000 (ms per run), --out <file>,
// --port-offset 0 (added to every port), --no-build, --quiet.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { APPS, AUTHZ_PORT, appUrl, distDir, redirectUris, repoRoot } from './apps.mjs';
import { buildApps } from './build.mjs';
import { measure } from './measure.mjs';
import { selftest } from './selftest.mjs';
import { distJsSizes } from './sizes.mjs';
import { formatRatios, formatTable } from './stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const children = [];

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '1' },
      apps: { type: 'string' },
      order: { type: 'string', default: 'interleaved' },
      settle: { type: 'string', default: 'networkidle' },
      timeout: { type: 'string', default: '20000' },
      out: { type: 'string' },
      'port-offset': { type: 'string', default: '0' },
      'no-build': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  const portOffset = Number(values['port-offset']);
  const timeout = Number(values.timeout);
  if (!Number.isInteger(runs) || runs < 1 || runs > 1000) throw new Error('--runs: 1 to 1000');
  if (!Number.isInteger(warmup) || warmup < 0 || warmup > 100)
    throw new Error('--warmup: 0 to 100');
  if (!Number.isInteger(portOffset) || portOffset < 0 || portOffset > 1000) {
    throw new Error('--port-offset: 0 to 1000');
  }
  if (!(timeout >= 1000)) throw new Error('--timeout: at least 1000 (ms)');
  if (!['interleaved', 'sequential'].includes(values.order)) {
    throw new Error('--order: interleaved or sequential');
  }
  if (!['networkidle', 'load', 'domcontentloaded'].includes(values.settle)) {
    throw new Error('--settle: networkidle, load or domcontentloaded');
  }
  const ids = values.apps ? values.apps.split(',').map((s) => s.trim()) : APPS.map((a) => a.id);
  const apps = ids.map(
    (id) =>
      APPS.find((a) => a.id === id) ??
      (() => {
        throw new Error(`--apps: unknown app ${id}; known: ${APPS.map((a) => a.id).join(', ')}`);
      })(),
  );
  return { ...values, runs, warmup, portOffset, timeout, apps };
}

/** Fails early, naming the port, when something else (another bench run?) listens there. */
async function assertFree(port) {
  await new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () =>
      reject(new Error(`port ${port} is in use: stop what listens there or pass --port-offset`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(resolve));
  });
}

/** Starts `node <args>` and waits (bounded) for its "ready <url>" line on stdout. */
function startChild(name, args, timeoutMs = 20_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push({ name, child });
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`${name}: not ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const ready = /^ready (\S+)$/m.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
    child.stderr.on('data', (chunk) => {
      for (const line of String(chunk).split('\n'))
        if (line.trim()) console.error(`[${name}] ${line}`);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal})`));
    });
  });
}

async function stopChildren() {
  for (const { child } of children.splice(0).reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(force);
  }
}

function writeResults(results, file) {
  const out =
    file ??
    path.join(here, '../results', `connect-${results.startedAt.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  return path.relative(process.cwd(), out);
}

async function main() {
  const t0 = performance.now();
  const o = options();
  const log = o.quiet ? () => {} : (line) => console.error(line);
  const authzPort = AUTHZ_PORT + o.portOffset;
  const issuer = `http://127.0.0.1:${authzPort}`;
  for (const port of [authzPort, ...o.apps.map((a) => a.port + o.portOffset)])
    await assertFree(port);

  if (o['no-build']) {
    const missing = o.apps.filter((a) => !fs.existsSync(path.join(distDir(a), 'index.html')));
    if (missing.length)
      throw new Error(`--no-build: not built yet: ${missing.map((a) => a.id).join(', ')}`);
  } else {
    await buildApps(o.apps, { issuer, portOffset: o.portOffset, log });
  }

  const uris = o.apps.flatMap((a) => redirectUris(a, o.portOffset));
  await startChild('authz', [
    path.join(here, 'authz-server.mjs'),
    '--port',
    String(authzPort),
    '--redirect-uris',
    uris.join(','),
  ]);
  for (const app of o.apps) {
    await startChild(`static:${app.id}`, [
      path.join(here, 'serve-static.mjs'),
      '--dir',
      distDir(app),
      '--port',
      String(app.port + o.portOffset),
    ]);
  }
  const failed = (await selftest({ issuer, redirectUris: uris })).filter((c) => !c.ok);
  if (failed.length) {
    throw new Error(
      `authorization server self-test failed: ${failed.map((c) => c.name).join('; ')}`,
    );
  }
  log(`authorization server ${issuer} checked; ${o.apps.length} apps served`);

  const targets = o.apps.map((app) => ({
    name: app.id,
    url: appUrl(app, o.portOffset),
    driver: app.driver,
    sizes: distJsSizes(distDir(app)),
  }));
  const results = await measure({ ...o, targets, issuer, log });
  results.totalWallS = Math.round((performance.now() - t0) / 100) / 10;
  const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(formatTable(results.targets));
  const ratios = formatRatios(results.targets);
  if (ratios) console.log(`\n${ratios}`);
  console.log(
    `\n${o.runs} runs per app (+${o.warmup} warmup), ${o.order}; ${results.env.chromium}, ` +
      `${results.env.cpus} CPUs, load average ${load(results.env.loadavgBefore)} before, ` +
      `${load(results.env.loadavgAfter)} after; ${results.totalWallS} s in all`,
  );
  console.log(`results: ${writeResults(results, o.out)}`);
  return results.targets.every((t) => t.summary.failed === 0) ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => void stopChildren().finally(() => process.exit(130)));
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
} finally {
  await stopChildren();
}
process.exitCode = code;
