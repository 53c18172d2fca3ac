import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { distJsSizes } from '../../../bench/connect/sizes.mjs';

const gz9 = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;
let dist = '';

function writeDist(files: Record<string, string>) {
  dist = mkdtempSync(join(tmpdir(), 'bench-sizes-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dist, name, '..'), { recursive: true });
    writeFileSync(join(dist, name), text);
  }
}

afterEach(() => rmSync(dist, { recursive: true, force: true }));

describe('distJsSizes', () => {
  it('counts as initial what index.html loads and its static imports, not import() chunks', () => {
    const files = {
      'index.html':
        '<script type="module" crossorigin src="/assets/index.js"></script>' +
        '<link rel="modulepreload" crossorigin href="/assets/vendor.js">' +
        '<script>window.boot = 1</script>',
      'assets/index.js': 'import{v}from"./vendor.js";import"./shared.js";import("./lazy.js");v()',
      'assets/vendor.js': 'export const v = () => 1;'.repeat(20),
      'assets/shared.js': 'import{v}from"./vendor.js";console.log(v)',
      'assets/lazy.js': 'export default "loaded on demand";'.repeat(10),
      'assets/style.css': 'body{color:red}',
    };
    writeDist(files);
    const sizes = distJsSizes(dist)!;
    const initial = ['assets/index.js', 'assets/shared.js', 'assets/vendor.js'];
    expect(sizes.initialJs.files.map((f) => f.file)).toEqual([
      ...initial,
      'index.html#inline-scripts',
    ]);
    expect(sizes.initialJs.gz).toBe(
      initial.reduce((sum, f) => sum + gz9(files[f as keyof typeof files]), 0) +
        gz9('window.boot = 1'),
    );
    expect(sizes.allJs.files.map((f) => f.file)).toEqual([
      'assets/index.js',
      'assets/lazy.js',
      'assets/shared.js',
      'assets/vendor.js',
    ]);
    expect(sizes.allJs.raw).toBe(
      ['assets/index.js', 'assets/lazy.js', 'assets/shared.js', 'assets/vendor.js'].reduce(
        (sum, f) => sum + files[f as keyof typeof files].length,
        0,
      ),
    );
  });

  it('is null for an app that has not been built', () => {
    expect(distJsSizes(join(tmpdir(), 'bench-sizes-none'))).toBeNull();
  });
});
