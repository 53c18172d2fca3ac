/** Types for build.mjs, which stays plain JavaScript so `npm run proxy` needs only Node. */
export function buildProxy(options: {
  /** Output name -> source path relative to the repository root. */
  entries: Record<string, string>;
  outDir: string;
  target: 'node' | 'worker';
}): Promise<void>;
