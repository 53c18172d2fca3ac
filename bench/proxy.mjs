// `npm run bench:proxy`: token requests through the proxy (Node entry) to a local provider twin,
// beside the same load sent to the twin directly. A benchmark, not a test: it prints numbers.
// BENCH_DURATION (seconds, default 5) and BENCH_CONNECTIONS (default 50) bound the load;
// BENCH_WARMUP (seconds, default 2) of unmeasured load comes first, so the proxy is measured once
// V8 has optimised its path, as it would be in a process that has been serving for a while.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildProxy } from '../proxy/build.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const duration = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const warmup = Number(process.env.BENCH_WARMUP ?? 2);
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
  return { match, child };
}

/** CPU seconds (user + system) a child has used so far; Linux only (undefined elsewhere). */
async function cpuSeconds(child) {
  try {
    const stat = await readFile(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function load(title, url, headers, body, server) {
  if (warmup > 0)
    await autocannon({ url, method: 'POST', headers, body, connections, duration: warmup });
  const cpuBefore = await cpuSeconds(server);
  const result = await autocannon({
    title,
    url,
    method: 'POST',
    headers,
    body,
    connections,
    duration,
  });
  const cpuAfter = await cpuSeconds(server);
  if (result.errors > 0 || result.non2xx > 0)
    throw new Error(`${title}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  return {
    title,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    cpuPerRequest:
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : ((cpuAfter - cpuBefore) * 1e6) / result.requests.total,
  };
}

const dir = await mkdtemp(path.join(tmpdir(), 'keyfob-bench-'));
try {
  await buildProxy({ entries: { node: 'proxy/node.ts' }, outDir: dir, target: 'node' });
  const {
    match: [, upstreamPort],
    child: upstreamChild,
  } = await startChild([path.join(here, 'fake-upstream.mjs')], {}, 'stdout', /"port":(\d+)/);
  const upstream = `http://127.0.0.1:${upstreamPort}`;
  const {
    match: [, proxyUrl],
    child: proxyChild,
  } = await startChild(
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
  const cores = availableParallelism();
  console.log(
    `machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ` +
      `load average ${loadavg()[0].toFixed(2)} at start`,
  );
  console.log(
    `all three processes (autocannon, the provider twin, the proxy) share these ${cores} cores, ` +
      'so each number is what the proxy gets on a machine that is also generating and answering ' +
      'the load; other work on the machine lowers it further',
  );
  console.log(
    `load: ${connections} connections, ${warmup} s warm-up then ${duration} s measured each, loopback\n`,
  );
  const direct = await load(
    'direct to the provider twin',
    `${upstream}/oauth/token`,
    form,
    `${browserBody}&client_secret=bench-secret`,
    upstreamChild,
  );
  const proxied = await load(
    'through the proxy',
    `${proxyUrl}/token/bench`,
    { ...form, origin: ORIGIN },
    browserBody,
    proxyChild,
  );

  const rows = [direct, proxied].map((r) => ({
    '': r.title,
    'req/s': Math.round(r.rps),
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    requests: r.total,
    'server CPU µs/req': r.cpuPerRequest === undefined ? 'n/a' : Math.round(r.cpuPerRequest),
  }));
  console.table(rows);
  console.log(`proxy/direct throughput ratio: ${(proxied.rps / direct.rps).toFixed(2)}`);
  console.log(
    `added latency: p50 +${(proxied.p50 - direct.p50).toFixed(1)} ms, p99 +${(proxied.p99 - direct.p99).toFixed(1)} ms`,
  );
  console.log(
    'server CPU µs/req: CPU time of the process answering (the twin, or the proxy) per request, ' +
      'a measure that depends less on what else the cores are doing than req/s does',
  );
} finally {
  for (const child of children) {
    child.kill('SIGTERM');
    await once(child, 'exit').catch(() => undefined);
  }
  await rm(dir, { recursive: true, force: true });
}
