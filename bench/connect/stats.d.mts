export interface Description {
  n: number;
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  mean: number;
  sd: number;
}
export interface Run {
  ok: boolean;
  warmup?: boolean;
  [metric: string]: unknown;
}
export type Summary = { runs: number; ok: number; failed: number } & Record<
  string,
  Description | null | number
>;
export interface Sizes {
  allJs: { gz: number };
  initialJs: { gz: number };
}
export interface Target {
  name: string;
  summary: {
    runs: number;
    ok: number;
    totalMs?: Description | null;
    callbackMs?: Description | null;
    preRedirectMs?: Description | null;
    authzRedirectsMs?: Description | null;
    tokenFetchMs?: Description | null;
  };
  sizes?: Sizes | null;
}
export function quantile(values: number[], p: number): number | null;
export function describe(values: unknown[]): Description | null;
export const METRICS: string[];
export function runOrder<T>(targets: T[], rounds: number, order?: string): [number, T][];
export function summarize(runs: Run[]): Summary;
export function markdownTable(rows: string[][]): string;
export function formatTable(targets: Target[]): string;
export function ratio(a: number | null | undefined, b: number | null | undefined): string;
export function formatRatios(targets: Target[], subject?: string): string;
