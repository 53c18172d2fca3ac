// The JS an app ships, gzipped at level 9 file by file: all of it, and what index.html loads up
// front (its <script src>, <link rel=modulepreload> and inline scripts, plus their static imports,
// transitively; import() chunks load on demand and are not initial).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const GZIP_LEVEL = 9;

/** @typedef {{ file: string, raw: number, gz: number }} FileSize */
/**
 * @typedef {{ gzipLevel: number, allJs: { raw: number, gz: number, files: FileSize[] },
 *   initialJs: { raw: number, gz: number, files: FileSize[] } }} JsSizes
 */

export const gzipSize = (/** @type {Uint8Array} */ bytes) =>
  zlib.gzipSync(bytes, { level: GZIP_LEVEL }).length;

/**
 * @param {string} dir
 * @param {number} [depth]
 * @param {string[]} [out]
 */
function filesUnder(dir, depth = 0, out = []) {
  if (depth > 16) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(abs, depth + 1, out);
    else if (entry.isFile()) out.push(abs);
  }
  return out;
}

const isJs = (/** @type {string} */ file) => /\.m?js$/.test(file);

/**
 * Sizes of a built app in `distDir`, or null when there is no such folder.
 * @param {string | undefined} distDir
 * @returns {JsSizes | null}
 */
export function distJsSizes(distDir) {
  if (!distDir || !fs.existsSync(distDir)) return null;
  const dist = distDir;
  /** @returns {FileSize} */
  const size = (/** @type {string} */ file) => {
    const bytes = fs.readFileSync(file);
    return { file: path.relative(dist, file), raw: bytes.length, gz: gzipSize(bytes) };
  };
  const all = filesUnder(distDir).filter(isJs).sort().map(size);

  const indexFile = path.join(distDir, 'index.html');
  const html = fs.existsSync(indexFile) ? fs.readFileSync(indexFile, 'utf8') : '';
  /** @returns {string | null} */
  const resolveRef = (/** @type {string} */ ref, /** @type {string} */ from) => {
    if (/^(https?:)?\/\//.test(ref) || ref.startsWith('data:')) return null;
    const clean = ref.split(/[?#]/)[0] ?? '';
    const abs = clean.startsWith('/')
      ? path.join(dist, clean)
      : path.resolve(path.dirname(from), clean);
    return fs.existsSync(abs) ? abs : null;
  };
  /** @type {Array<string | null>} */
  const queue = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["'][^>]*>/gi)) {
    queue.push(resolveRef(m[1] ?? '', indexFile));
  }
  for (const m of html.matchAll(/<link\b[^>]*\brel=["']modulepreload["'][^>]*>/gi)) {
    const href = /\bhref=["']([^"']+)["']/i.exec(m[0]);
    if (href) queue.push(resolveRef(href[1] ?? '', indexFile));
  }
  /** @type {Set<string>} */
  const seen = new Set();
  for (let i = 0; i < queue.length && i < 1000; i++) {
    const file = queue[i];
    if (!file || seen.has(file) || !isJs(file)) continue;
    seen.add(file);
    const source = fs.readFileSync(file, 'utf8');
    // Static imports only: `from"./x.js"`, `import"./x.js"`; not `import("./x.js")`.
    for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*)["']([^"']+\.m?js)["']/g)) {
      queue.push(resolveRef(m[1] ?? '', file));
    }
  }
  const initial = [...seen].sort().map(size);
  const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)]
    .map((m) => m[1])
    .join('\n');
  if (inline.trim()) {
    const bytes = Buffer.from(inline);
    initial.push({ file: 'index.html#inline-scripts', raw: bytes.length, gz: gzipSize(bytes) });
  }
  const sum = (/** @type {FileSize[]} */ files, /** @type {'raw' | 'gz'} */ key) =>
    files.reduce((a, f) => a + f[key], 0);
  return {
    gzipLevel: GZIP_LEVEL,
    allJs: { raw: sum(all, 'raw'), gz: sum(all, 'gz'), files: all },
    initialJs: { raw: sum(initial, 'raw'), gz: sum(initial, 'gz'), files: initial },
  };
}
