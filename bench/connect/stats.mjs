// The numbers of `npm run bench:connect`: percentiles, per-app summaries, the table and the ratios.
// Pure functions of the measured runs, so tests can check them on fixed numbers.

/**
 * The p-quantile (0..1) of numbers with linear interpolation between the two nearest ranks
 * (Hyndman & Fan type 7, the default of R, NumPy and spreadsheets); null for no numbers.
 */
export function quantile(values, p) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

const round1 = (x) => Math.round(x * 10) / 10;

/** n, median, p25, p75, min, max, mean and sample standard deviation, rounded to 0.1; null if empty. */
export function describe(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x));
  if (v.length === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd =
    v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return {
    n: v.length,
    median: round1(quantile(v, 0.5)),
    p25: round1(quantile(v, 0.25)),
    p75: round1(quantile(v, 0.75)),
    min: round1(Math.min(...v)),
    max: round1(Math.max(...v)),
    mean: round1(mean),
    sd: round1(sd),
  };
}

/**
 * The order of the runs, as [round, target] pairs. Interleaved: round r runs every app once,
 * starting with app r mod n, so no app always goes first and a slow spell of the machine is
 * shared; sequential: all of one app's rounds, then the next app's.
 */
export function runOrder(targets, rounds, order = 'interleaved') {
  const n = targets.length;
  if (order === 'sequential') {
    return targets.flatMap((t) => Array.from({ length: rounds }, (_, r) => [r, t]));
  }
  return Array.from({ length: rounds }, (_, r) =>
    targets.map((_, i) => [r, targets[(i + r) % n]]),
  ).flat();
}

/** Per-run metrics that are summarized (see measure.mjs for what each one is). */
export const METRICS = [
  'totalMs',
  'callbackMs',
  'preRedirectMs',
  'authzRedirectsMs',
  'tokenFetchMs',
  'tokenToConnectedMs',
  'connectedMarkMs',
  'callbackDocDclMs',
  'inputDelayMs',
  'wallMs',
];

/** Summary of one app's runs: warmups left out, failed runs counted, each metric described. */
export function summarize(runs) {
  const measured = runs.filter((r) => !r.warmup);
  const ok = measured.filter((r) => r.ok);
  const summary = { runs: measured.length, ok: ok.length, failed: measured.length - ok.length };
  for (const m of METRICS) summary[m] = describe(ok.map((r) => r[m]));
  return summary;
}

const kib = (bytes) => (bytes == null ? '-' : (bytes / 1024).toFixed(1));
const spread = (s) =>
  s ? `${Math.round(s.median)} (${Math.round(s.p25)}–${Math.round(s.p75)})` : '-';
const med = (s) => (s ? String(Math.round(s.median)) : '-');

/** A Markdown table, the first column left-aligned and the others right-aligned. */
export function markdownTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}

/** One row per app: medians with p25–p75 of both times, the phases' medians, the JS sizes. */
export function formatTable(targets) {
  const rows = [
    [
      'app',
      'ok/runs',
      'click to connected ms',
      'callback to token ms',
      'pre-redirect',
      'authz hops',
      'token POST',
      'initial JS KiB',
      'all JS KiB',
    ],
  ];
  for (const t of targets) {
    const s = t.summary;
    rows.push([
      t.name,
      `${s.ok}/${s.runs}`,
      spread(s.totalMs),
      spread(s.callbackMs),
      med(s.preRedirectMs),
      med(s.authzRedirectsMs),
      med(s.tokenFetchMs),
      kib(t.sizes?.initialJs.gz),
      kib(t.sizes?.allJs.gz),
    ]);
  }
  return markdownTable(rows);
}

/** a / b to two decimals with a "×", or "-" when either is missing or b is not positive. */
export function ratio(a, b) {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return '-';
  return `${(a / b).toFixed(2)}×`;
}

/**
 * The subject's medians (and initial JS) divided by each other app's: below 1.00× the subject is
 * faster (smaller). Ratios taken within one run cancel most of what the machine's load adds.
 */
export function formatRatios(targets, subject = 'keyfob') {
  const me = targets.find((t) => t.name === subject);
  if (!me) return '';
  const rows = [[`${subject} ÷ app`, 'click to connected', 'callback to token', 'initial JS']];
  for (const t of targets) {
    if (t === me) continue;
    rows.push([
      t.name,
      ratio(me.summary.totalMs?.median, t.summary.totalMs?.median),
      ratio(me.summary.callbackMs?.median, t.summary.callbackMs?.median),
      ratio(me.sizes?.initialJs.gz, t.sizes?.initialJs.gz),
    ]);
  }
  return markdownTable(rows);
}
