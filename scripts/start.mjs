/**
 * `npm start`: the sandbox authorization server on 127.0.0.1:9010 and the Vite dev server on
 * 127.0.0.1:5173 (pinned in vite.config.ts), so the app can be connected end to end with no
 * account anywhere. Both stop together: Ctrl-C/SIGTERM stops both; if Vite exits, so do we.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { optionsFromEnv, startSandbox } from '../sandbox/server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const sandbox = await startSandbox({
  ...optionsFromEnv(),
  port: Number(process.env.SANDBOX_PORT || 9010),
});
const vite = spawn(fileURLToPath(new URL('../node_modules/.bin/vite', import.meta.url)), [], {
  cwd: root,
  stdio: 'inherit',
});
// The one line a newcomer needs (the sandbox itself prints nothing: see sandbox/quiet-oidc.mjs).
console.log(
  `Keyfob: open http://127.0.0.1:5173 and click "Connect Sandbox" (local test provider at ${sandbox.issuer}, no account needed)`,
);

let stopping = false;
/** @param {number} code */
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (vite.exitCode === null && vite.signalCode === null) vite.kill('SIGTERM');
  await sandbox.close();
  process.exit(code);
}

vite.on('exit', (code, signal) => stop(code ?? (signal ? 1 : 0)));
vite.on('error', (err) => {
  console.error(`Could not start Vite: ${err.message}`);
  void stop(1);
});
process.once('SIGINT', () => stop(130));
process.once('SIGTERM', () => stop(143));
