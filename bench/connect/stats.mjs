// The numbers of `npm run bench:connect`: percentiles, per-app summaries, the table and the ratios.
// Pure functions of the measured runs, so tests can check them on fixed numbers.

/**
 * @typedef {{ n: number, median: number, p25: number, p75: number, min: number, max: number,
 *   mean: number, sd: number }} Description
 */
/** @typedef {{ ok: boolean, warmup?: boolean, [metric: string]: unknown }} Run */
/**
 * @typedef {{ runs: number, ok: number, failed: number } & Record<string, Description | null | number>} Summary
 */
/** @typedef {{ allJs: { gz: number }, initialJs: { gz: number } }} Sizes */
/**
 * @typedef {object} Target
 * @property {string} name
 * @property {{ runs: number, ok: number, totalMs?: Description | null,
 *   callbackMs?: Description | null, preRedirectMs?: Description | null,
 *   authzRedirectsMs?: Description | null, tokenFetchMs?: Description | null }} summary
 * @property {Sizes | null} [sizes]
 */

/**
 * The p-quantile (0..1) of numbers with linear interpolation between the two nearest ranks
 * (Hyndman & Fan type 7, the default of R, NumPy and spreadsheets); null for no numbers.
 * @param {number[]} values
 * @param {number} p
 * @returns {number | null}
 */
export function quantile(values, p) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const low = /** @type {number} */ (sorted[lo]);
  const high = /** @type {number} */ (sorted[hi]);
  return low + (high - low) * (rank - lo);
}

const round1 = (/** @type {number | null} */ x) => Math.round(Number(x) * 10) / 10;

/**
 * n, median, p25, p75, min, max, mean and sample standard deviation, rounded to 0.1; null if empty.
 * @param {unknown[]} values
 * @returns {Description | null}
 */
export function describe(values) {
  const v = values.filter(
    /** @returns {x is number} */ (x) => typeof x === 'number' && Number.isFinite(x),
  );
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
 * @template T
 * @param {T[]} targets
 * @param {number} rounds
 * @param {string} [order]
 * @returns {[number, T][]}
 */
export function runOrder(targets, rounds, order = 'interleaved') {
  const n = targets.length;
  if (order === 'sequential') {
    return targets.flatMap((t) =>
      Array.from({ length: rounds }, (_, r) => /** @type {[number, T]} */ ([r, t])),
    );
  }
  return Array.from({ length: rounds }, (_, r) =>
    targets.map((_, i) => /** @type {[number, T]} */ ([r, targets[(i + r) % n]])),
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

/**
 * Summary of one app's runs: warmups left out, failed runs counted, each metric described.
 * @param {Run[]} runs
 * @returns {Summary}
 */
export function summarize(runs) {
  const measured = runs.filter((r) => !r.warmup);
  const ok = measured.filter((r) => r.ok);
  /** @type {Summary} */
  const summary = { runs: measured.length, ok: ok.length, failed: measured.length - ok.length };
  for (const m of METRICS) summary[m] = describe(ok.map((r) => r[m]));
  return summary;
}

const kib = (/** @type {number | null | undefined} */ bytes) =>
  bytes == null ? '-' : (bytes / 1024).toFixed(1);
const spread = (/** @type {Description | null | undefined} */ s) =>
  s ? `${Math.round(s.median)} (${Math.round(s.p25)}–${Math.round(s.p75)})` : '-';
const med = (/** @type {Description | null | undefined} */ s) =>
  s ? String(Math.round(s.median)) : '-';

/**
 * A Markdown table, the first column left-aligned and the others right-aligned.
 * @param {string[][]} rows the header row first
 */
export function markdownTable(rows) {
  const header = rows[0] ?? [];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const line = (/** @type {string[]} */ r) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.slice(1).map(line)].join('\n');
}

/**
 * One row per app: medians with p25–p75 of both times, the phases' medians, the JS sizes.
 * @param {Target[]} targets
 */
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

/**
 * a / b to two decimals with a "×", or "-" when either is missing or b is not positive.
 * @param {number | null | undefined} a
 * @param {number | null | undefined} b
 */
export function ratio(a, b) {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return '-';
  return `${(a / b).toFixed(2)}×`;
}

/**
 * The subject's medians (and initial JS) divided by each other app's: below 1.00× the subject is
 * faster (smaller). Ratios taken within one run cancel most of what the machine's load adds.
 * @param {Target[]} targets
 * @param {string} [subject]
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
