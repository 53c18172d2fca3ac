import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { selftest } from '../../../bench/connect/selftest.mjs';

let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
});

describe("the connect bench's authorization server", () => {
  it('starts quietly and serves both shapes of Keyfob redirect URI', async () => {
    // Keyfob's redirect URI is <origin>/callback or, per provider, <origin>/callback/<id>.
    const redirectUris = ['http://127.0.0.1:5200/callback', 'http://127.0.0.1:5200/callback/peer'];
    const server = spawn(
      process.execPath,
      ['bench/connect/authz-server.mjs', '--port', '0', '--redirect-uris', redirectUris.join(',')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = server;
    let stdout = '';
    let stderr = '';
    server.stdout!.on('data', (chunk) => (stdout += chunk));
    server.stderr!.on('data', (chunk) => (stderr += chunk));
    const deadline = Date.now() + 15_000;
    while (!stdout.includes('\n') && server.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const issuer = /^ready (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(stdout)?.[1];
    expect(issuer, `stdout: ${stdout} stderr: ${stderr}`).toBeDefined();

    const checks = await selftest({ issuer: issuer!, redirectUris });
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual([
      'discovery names the issuer',
      'S256 is advertised',
      'an authorization without PKCE is refused',
      ...redirectUris.flatMap((uri) => [
        `${uri}: a code comes back with the state`,
        `${uri}: a token request from an unlisted origin is refused`,
        `${uri}: the code is exchanged from http://127.0.0.1:5200, CORS allowed`,
      ]),
    ]);
    // No "Unsupported runtime" or "in-memory adapter" notice, nor anything else.
    expect(stderr).toBe('');
    expect(stdout).toBe(`ready ${issuer}\n`);
  });
});
