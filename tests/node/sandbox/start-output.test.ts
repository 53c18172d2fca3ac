/**
 * What a newcomer sees from the sandbox on `npm start` / `npm run sandbox`: its one line on stdout
 * and nothing on stderr, in particular none of oidc-provider's start-up warnings ("Unsupported
 * runtime" on Node 20, "in-memory adapter") that do not apply to a throwaway local server.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const server = fileURLToPath(new URL('../../../sandbox/server.mjs', import.meta.url));

/** Starts the sandbox as `npm run sandbox` does, until it says where it listens; then stops it. */
function runUntilReady(port: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [server], {
      env: { ...process.env, SANDBOX_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`sandbox did not start in time; stderr: ${stderr}`));
    }, 15_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ stdout, stderr });
    });
  });
}

describe('sandbox start-up output', () => {
  it('prints where it listens and no warning', async () => {
    const { stdout, stderr } = await runUntilReady(9391);
    expect(stdout).toBe('Sandbox authorization server: http://127.0.0.1:9391\n');
    expect(stderr).not.toMatch(/Unsupported runtime/);
    expect(stderr).not.toMatch(/in-memory adapter/);
    expect(stderr).toBe('');
  }, 20_000);
});
