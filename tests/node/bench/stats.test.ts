import { describe, expect, it } from 'vitest';
import {
  describe as describeValues,
  formatRatios,
  formatTable,
  quantile,
  ratio,
  runOrder,
  summarize,
  type Target,
} from '../../../bench/connect/stats.mjs';

describe('quantile', () => {
  it('interpolates linearly between the nearest ranks (type 7)', () => {
    const values = [4, 1, 3, 2];
    expect(quantile(values, 0.25)).toBe(1.75);
    expect(quantile(values, 0.5)).toBe(2.5);
    expect(quantile(values, 0.75)).toBe(3.25);
    expect(quantile(values, 0)).toBe(1);
    expect(quantile(values, 1)).toBe(4);
    expect(values).toEqual([4, 1, 3, 2]);
  });

  it('takes the middle value of an odd count and ignores what is not a number', () => {
    expect(quantile([30, 10, Number.NaN, 20], 0.5)).toBe(20);
    expect(quantile([7], 0.25)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('describe', () => {
  it('gives median, quartiles, extremes, mean and sample sd to 0.1', () => {
    expect(describeValues([100, 10, 40, 20, 30])).toEqual({
      n: 5,
      median: 30,
      p25: 20,
      p75: 40,
      min: 10,
      max: 100,
      mean: 40,
      // sqrt((30² + 20² + 10² + 0² + 60²) / 4) = sqrt(1250) = 35.355…
      sd: 35.4,
    });
    expect(describeValues([null, undefined, 'x'])).toBeNull();
  });
});

describe('summarize', () => {
  it('leaves warmups out and counts failed runs apart', () => {
    const summary = summarize([
      { ok: true, warmup: true, totalMs: 900 },
      { ok: true, totalMs: 100, callbackMs: 50 },
      { ok: false },
      { ok: true, totalMs: 120, callbackMs: 70 },
    ]);
    expect(summary).toMatchObject({ runs: 3, ok: 2, failed: 1 });
    expect(summary.totalMs).toMatchObject({ n: 2, median: 110, p25: 105, p75: 115 });
    expect(summary.callbackMs).toMatchObject({ median: 60 });
    expect(summary.tokenFetchMs).toBeNull();
  });
});

describe('runOrder', () => {
  it('interleaves with the first app rotating each round', () => {
    const order = runOrder(['a', 'b', 'c'], 3).map(([r, t]) => `${r}${t}`);
    expect(order).toEqual(['0a', '0b', '0c', '1b', '1c', '1a', '2c', '2a', '2b']);
  });

  it('runs one app after another when sequential', () => {
    const order = runOrder(['a', 'b'], 2, 'sequential').map(([r, t]) => `${r}${t}`);
    expect(order).toEqual(['0a', '1a', '0b', '1b']);
  });
});

describe('ratio', () => {
  it('divides to two decimals, and refuses what cannot be divided', () => {
    expect(ratio(250, 229)).toBe('1.09×');
    expect(ratio(60, 120)).toBe('0.50×');
    expect(ratio(1, 0)).toBe('-');
    expect(ratio(undefined, 3)).toBe('-');
    expect(ratio(3, null)).toBe('-');
  });
});

const d = (median: number, p25: number, p75: number) => ({
  n: 3,
  median,
  p25,
  p75,
  min: p25,
  max: p75,
  mean: median,
  sd: 0,
});

const targets: Target[] = [
  {
    name: 'react-oidc-context',
    summary: {
      runs: 3,
      ok: 3,
      totalMs: d(200, 190.4, 210.6),
      callbackMs: d(100, 95, 120),
      preRedirectMs: d(27, 27, 27),
      authzRedirectsMs: d(37.5, 37, 38),
      tokenFetchMs: d(11, 11, 11),
    },
    sizes: { allJs: { gz: 115_507 }, initialJs: { gz: 115_507 } },
  },
  {
    name: 'keyfob',
    summary: {
      runs: 3,
      ok: 2,
      totalMs: d(250, 225, 291),
      callbackMs: d(80, 70, 90),
      preRedirectMs: null,
      authzRedirectsMs: d(44, 44, 44),
      tokenFetchMs: d(12, 12, 12),
    },
    sizes: { allJs: { gz: 153_600 }, initialJs: { gz: 102_400 } },
  },
];

describe('the tables', () => {
  it('shows medians with p25–p75, the phases, and the sizes in KiB', () => {
    expect(formatTable(targets)).toBe(
      [
        '| app                | ok/runs | click to connected ms | callback to token ms | pre-redirect | authz hops | token POST | initial JS KiB | all JS KiB |',
        '|:-------------------|--------:|----------------------:|---------------------:|-------------:|-----------:|-----------:|---------------:|-----------:|',
        '| react-oidc-context |     3/3 |         200 (190–211) |         100 (95–120) |           27 |         38 |         11 |          112.8 |      112.8 |',
        '| keyfob             |     2/3 |         250 (225–291) |           80 (70–90) |            - |         44 |         12 |          100.0 |      150.0 |',
      ].join('\n'),
    );
  });

  it('divides keyfob by every other app', () => {
    expect(formatRatios(targets)).toBe(
      [
        '| keyfob ÷ app       | click to connected | callback to token | initial JS |',
        '|:-------------------|-------------------:|------------------:|-----------:|',
        '| react-oidc-context |              1.25× |             0.80× |      0.89× |',
      ].join('\n'),
    );
    expect(formatRatios(targets.slice(0, 1))).toBe('');
  });
});
