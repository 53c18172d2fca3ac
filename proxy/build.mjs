// Bundles a proxy entry (TypeScript) into one plain ESM file with vite (rolldown underneath), so
// Node 20 runs the proxy without a TypeScript loader and workerd gets a single module. Used by
// `npm run proxy`, the benchmark and the Workers test; needs nothing beyond the dev dependencies.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * @param {{ entries: Record<string, string>, outDir: string, target: 'node' | 'worker' }} options
 *   entries: output name -> source path relative to the repository root.
 */
export async function buildProxy({ entries, outDir, target }) {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      // Node: an SSR build keeps node: built-ins external. Workers: a plain library build.
      ssr: target === 'node' ? true : undefined,
      lib:
        target === 'worker'
          ? { entry: entries, formats: ['es'], fileName: (_, name) => `${name}.js` }
          : undefined,
      rolldownOptions:
        target === 'node'
          ? { input: entries, output: { entryFileNames: '[name].js', format: 'es' } }
          : undefined,
      outDir,
      emptyOutDir: true,
      target: target === 'node' ? 'node20' : 'es2022',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
    },
  });
}
