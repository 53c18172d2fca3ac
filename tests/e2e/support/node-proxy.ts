import { spawn, type ChildProcess } from 'node:child_process';
import { E2E, portOf } from './ports';
import { CONVERT_CLIENT_ID } from '../../../sandbox/twins/convert.mjs';
import { TWIN_PROXY_PROVIDERS, TWINS, twinProxyEnv } from './twins-config';

/** The proxy's environment for the end-to-end run: which providers it serves, with their secrets. */
export function proxyEnv(): Record<string, string> {
  return {
    PORT: String(portOf(E2E.proxy)),
    HOST: '127.0.0.1',
    KEYFOB_PROXY_ORIGINS: E2E.app,
    KEYFOB_PROXY_PROVIDERS: ['sandbox-proxied', ...TWIN_PROXY_PROVIDERS, 'convert'].join(','),
    KEYFOB_SANDBOX_PROXIED_CLIENT_ID: 'keyfob-sandbox-confidential',
    KEYFOB_SANDBOX_PROXIED_CLIENT_SECRET: 'sandbox-secret',
    KEYFOB_SANDBOX_PROXIED_TOKEN_URL: `${E2E.sandbox}/token`,
    KEYFOB_SANDBOX_PROXIED_REVOKE_URL: `${E2E.sandbox}/token/revocation`,
    ...twinProxyEnv(),
    // Convert as a public client through the proxy, for when its endpoints send no CORS headers.
    KEYFOB_CONVERT_PUBLIC: '1',
    KEYFOB_CONVERT_CLIENT_ID: CONVERT_CLIENT_ID,
    KEYFOB_CONVERT_TOKEN_URL: `${TWINS.convert}/api/v2/auth/oauth/token`,
    KEYFOB_CONVERT_API_URL: `${TWINS.convert}/api/v2`,
    KEYFOB_CONVERT_API_RELAY: '1',
  };
}

/**
 * Runs the real Node entry (`npm run proxy`) as its own process, as a deployment would, and waits
 * until /healthz answers.
 */
export async function startNodeProxy(
  env: Record<string, string> = proxyEnv(),
): Promise<() => Promise<void>> {
  const child: ChildProcess = spawn(process.execPath, ['proxy/start.mjs'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the proxy exited: ${stderr}`);
    try {
      if ((await fetch(`${E2E.proxy}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the proxy did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
}
