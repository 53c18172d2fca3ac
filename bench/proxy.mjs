// `npm run bench:proxy`: token requests through the proxy (Node entry) to a local provider twin,
// beside the same load sent to the twin directly. A benchmark, not a test: it prints numbers.
// BENCH_DURATION (seconds, default 5) and BENCH_CONNECTIONS (default 50) bound the load.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildProxy } from '../proxy/build.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const duration = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ORIGIN = 'http://127.0.0.1:5173';
const children = [];

/** Starts a child process and resolves with the first stdout/stderr text matching `pattern`. */
async function startChild(args, env, stream, pattern) {
  // Only the stream we read is a pipe. The proxy's access log goes to /dev/null: a pipe that this
  // busy process drains late would block its writes (stdout pipes are synchronous on Linux).
  const stdio = stream === 'stdout' ? ['ignore', 'pipe', 'ignore'] : ['ignore', 'ignore', 'pipe'];
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, stdio });
  children.push(child);
  let seen = '';
  const match = await new Promise((resolve, reject) => {
    child[stream].on('data', (chunk) => {
      seen += chunk;
      const found = pattern.exec(seen);
      if (found) resolve(found);
    });
    child.once('exit', (code) =>
      reject(new Error(`${args.join(' ')} exited with ${code}: ${seen}`)),
    );
  });
  child[stream].resume();
  return match;
}

async function load(title, url, headers, body) {
  const result = await autocannon({
    title,
    url,
    method: 'POST',
    headers,
    body,
    connections,
    duration,
  });
  if (result.errors > 0 || result.non2xx > 0)
    throw new Error(`${title}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  return {
    title,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
  };
}

const dir = await mkdtemp(path.join(tmpdir(), 'keyfob-bench-'));
try {
  await buildProxy({ entries: { node: 'proxy/node.ts' }, outDir: dir, target: 'node' });
  const [, upstreamPort] = await startChild(
    [path.join(here, 'fake-upstream.mjs')],
    {},
    'stdout',
    /"port":(\d+)/,
  );
  const upstream = `http://127.0.0.1:${upstreamPort}`;
  const [, proxyUrl] = await startChild(
    [path.join(dir, 'node.js')],
    {
      PORT: '0',
      KEYFOB_PROXY_ORIGINS: ORIGIN,
      KEYFOB_PROXY_PROVIDERS: 'bench',
      KEYFOB_BENCH_CLIENT_ID: 'bench-client',
      KEYFOB_BENCH_CLIENT_SECRET: 'bench-secret',
      KEYFOB_BENCH_TOKEN_URL: `${upstream}/oauth/token`,
      // Every request comes from 127.0.0.1, so the per-client limit would measure itself.
      KEYFOB_PROXY_RATE_LIMIT: 'off',
    },
    'stderr',
    /listening on (http:\/\/[^\s]+)/,
  );

  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const browserBody = 'grant_type=refresh_token&refresh_token=bench-rt&client_id=bench-client';
  console.log(`load: ${connections} connections, ${duration} s each, loopback\n`);
  const direct = await load(
    'direct to the provider twin',
    `${upstream}/oauth/token`,
    form,
    `${browserBody}&client_secret=bench-secret`,
  );
  const proxied = await load(
    'through the proxy',
    `${proxyUrl}/token/bench`,
    { ...form, origin: ORIGIN },
    browserBody,
  );

  const rows = [direct, proxied].map((r) => ({
    '': r.title,
    'req/s': Math.round(r.rps),
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    requests: r.total,
  }));
  console.table(rows);
  console.log(`proxy/direct throughput ratio: ${(proxied.rps / direct.rps).toFixed(2)}`);
  console.log(
    `added latency: p50 +${(proxied.p50 - direct.p50).toFixed(1)} ms, p99 +${(proxied.p99 - direct.p99).toFixed(1)} ms`,
  );
} finally {
  for (const child of children) {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => undefined);
  }
  await rm(dir, { recursive: true, force: true });
}
