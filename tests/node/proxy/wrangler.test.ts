import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

/** The Workers deployment proven, not untried: wrangler itself builds the documented config. */
describe('wrangler deploy --dry-run of proxy/wrangler.toml', () => {
  it('bundles the Worker with its rate-limiter Durable Object, offline and without a login', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'keyfob-wrangler-home-'));
    const outdir = await mkdtemp(path.join(tmpdir(), 'keyfob-wrangler-out-'));
    try {
      const { stdout } = await run(
        process.execPath,
        [
          path.join(root, 'node_modules/wrangler/bin/wrangler.js'),
          'deploy',
          '--dry-run',
          '--config',
          'proxy/wrangler.toml',
          '--outdir',
          outdir,
        ],
        {
          cwd: root,
          env: {
            PATH: process.env.PATH ?? '',
            // No account, no credentials, and any attempt to reach the network fails.
            HOME: home,
            XDG_CONFIG_HOME: home,
            HTTPS_PROXY: 'http://127.0.0.1:9',
            HTTP_PROXY: 'http://127.0.0.1:9',
            WRANGLER_SEND_METRICS: 'false',
            CI: 'true',
          },
          timeout: 60_000,
        },
      );
      expect(stdout).toMatch(/env\.KEYFOB_RATE_LIMITER \(KeyfobRateLimiter\)\s+Durable Object/);
      expect(stdout).toContain('--dry-run: exiting now.');
      const bundle = await readFile(path.join(outdir, 'worker.js'), 'utf8');
      expect(bundle).toMatch(/class KeyfobRateLimiter/);
      expect(bundle).toMatch(/export\s*\{[^}]*KeyfobRateLimiter/);
    } finally {
      await rm(home, { recursive: true, force: true });
      await rm(outdir, { recursive: true, force: true });
      await rm(path.join(root, 'proxy/.wrangler'), { recursive: true, force: true });
    }
  }, 90_000);

  it('is the wrangler.toml that proxy/README.md documents, word for word', async () => {
    const toml = await readFile(path.join(root, 'proxy/wrangler.toml'), 'utf8');
    const readme = await readFile(path.join(root, 'proxy/README.md'), 'utf8');
    const block = /```toml\n# proxy\/wrangler\.toml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(toml);
  });
});
