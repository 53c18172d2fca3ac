// `npm run proxy`: bundle proxy/node.ts into proxy/dist (gitignored), then run it in this process.
import { buildProxy } from './build.mjs';

const outDir = new URL('./dist/', import.meta.url);
await buildProxy({ entries: { node: 'proxy/node.ts' }, outDir: outDir.pathname, target: 'node' });
await import(new URL('node.js', outDir).href);
