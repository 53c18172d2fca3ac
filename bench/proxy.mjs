// `npm run bench:proxy`: token requests through Keyfob's proxy (Node entry) to a local provider
// twin, beside, in the same run and against the same twin, the load sent to the twin directly, an
// Express + axios proxy (keep-alive on) and a minimal hono + @hono/node-server one. Each runs at
// BENCH_CONNECTIONS and again at one connection, for the latency one request adds.
// A benchmark, not a test: it prints numbers.
// BENCH_DURATION (seconds, default 5) and BENCH_CONNECTIONS (default 50) bound the load;
// BENCH_WARMUP (seconds, default 2) of unmeasured load comes first, so the proxy is measured once
// V8 has optimised its path, as it would be in a process that has been serving for a while.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
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
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
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

async function load(title, url, headers, body, server, connections, warm) {
  if (warm && warmup > 0)
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
    cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
  };
}

/**
 * One connection, one request at a time, timed with hrtime: autocannon rounds latency to whole
 * milliseconds, too coarse for what a proxy adds to one request.
 */
// The connections argument is always 1 here; it keeps the same signature as load().
async function sequential(title, url, headers, body, server, _connections, warm) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url);
  const once1 = () =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = httpRequest(
        target,
        {
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.once('end', () => {
            if (res.statusCode !== 200) reject(new Error(`${title}: HTTP ${res.statusCode}`));
            else resolve(Number(process.hrtime.bigint() - started) / 1e6);
          });
        },
      );
      req.once('error', reject);
      req.end(body);
    });
  const until = (seconds) => performance.now() + seconds * 1000;
  if (warm) for (const end = until(warmup); performance.now() < end;) await once1();
  const cpuBefore = await cpuSeconds(server);
  const times = [];
  for (const end = until(duration); performance.now() < end;) times.push(await once1());
  const cpuAfter = await cpuSeconds(server);
  agent.destroy();
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return {
    title,
    rps: times.length / duration,
    p50: Number(at(0.5).toFixed(3)),
    p99: Number(at(0.99).toFixed(3)),
    total: times.length,
    cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
  };
}

/**
 * Runs every contender `rounds` times, the order rotated each round, so that whatever else the
 * machine is doing falls on all of them alike; sums requests and CPU, takes the median latencies.
 */
async function interleaved(contenders, measure, connections) {
  const runs = contenders.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (let k = 0; k < contenders.length; k += 1) {
      const i = (k + round) % contenders.length;
      const c = contenders[i];
      runs[i].push(
        await measure(c.title, c.url, c.headers, c.body, c.child, connections, round === 0),
      );
    }
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return runs.map((list) => {
    const total = list.reduce((sum, r) => sum + r.total, 0);
    const cpu = list.some((r) => r.cpu === undefined)
      ? undefined
      : list.reduce((sum, r) => sum + r.cpu, 0);
    return {
      title: list[0].title,
      rps: total / (duration * list.length),
      p50: median(list.map((r) => r.p50)),
      p99: median(list.map((r) => r.p99)),
      total,
      cpuPerRequest: cpu === undefined ? undefined : (cpu * 1e6) / total,
    };
  });
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
    `load: ${connections} connections, then 1; ${warmup} s warm-up, then ${rounds} rounds of ${duration} s ` +
      'measured for each contender, the order rotated each round; loopback\n',
  );
  const contenders = [
    {
      title: 'direct to the provider twin',
      url: `${upstream}/oauth/token`,
      headers: form,
      body: `${browserBody}&client_secret=bench-secret`,
      child: upstreamChild,
    },
    {
      title: "Keyfob's proxy",
      url: `${proxyUrl}/token/bench`,
      headers: { ...form, origin: ORIGIN },
      body: browserBody,
      child: proxyChild,
    },
  ];
  for (const [title, file] of [
    ['Express + axios (keep-alive)', 'express-axios.mjs'],
    ['hono + @hono/node-server', 'hono.mjs'],
  ]) {
    const {
      match: [, url],
      child,
    } = await startChild(
      [path.join(here, file)],
      { PORT: '0', ORIGIN, UPSTREAM: upstream },
      'stderr',
      /listening on (http:\/\/[^\s]+)/,
    );
    contenders.push({
      title,
      url: `${url}/token/bench`,
      headers: { ...form, origin: ORIGIN },
      body: browserBody,
      child,
    });
  }

  const results = {
    many: await interleaved(contenders, load, connections),
    one: await interleaved(contenders, sequential, 1),
  };

  const [direct, keyfob, expressAxios, hono] = results.many;
  const [directOne, keyfobOne] = results.one;
  const cpu = (r) => (r.cpuPerRequest === undefined ? 'n/a' : Math.round(r.cpuPerRequest));
  const ratio = (a, b) => (a === undefined || b === undefined ? 'n/a' : (a / b).toFixed(2));
  for (const [key, conns] of [
    ['many', connections],
    ['one', 1],
  ]) {
    console.log(`\n${conns} connection${conns === 1 ? '' : 's'}:`);
    console.table(
      results[key].map((r) => ({
        '': r.title,
        'req/s': Math.round(r.rps),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        requests: r.total,
        'server CPU µs/req': cpu(r),
      })),
    );
  }
  console.log(`\nratios at ${connections} connections (Keyfob's proxy against each):`);
  for (const other of [expressAxios, hono]) {
    console.log(
      `  vs ${other.title}: req/s ${ratio(keyfob.rps, other.rps)}x, ` +
        `CPU/req ${ratio(keyfob.cpuPerRequest, other.cpuPerRequest)}x, ` +
        `p50 ${ratio(keyfob.p50, other.p50)}x, p99 ${ratio(keyfob.p99, other.p99)}x`,
    );
  }
  console.log(`  vs direct: req/s ${ratio(keyfob.rps, direct.rps)}x`);
  console.log(
    `added latency at 1 connection (one request at a time, hrtime): ` +
      `p50 +${(keyfobOne.p50 - directOne.p50).toFixed(3)} ms, ` +
      `p99 +${(keyfobOne.p99 - directOne.p99).toFixed(3)} ms`,
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
