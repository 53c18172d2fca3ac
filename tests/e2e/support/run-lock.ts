import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const lockDir = join(tmpdir(), 'keyfob-e2e.lock');

function holderAlive(): boolean {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The end-to-end run listens on fixed loopback ports, so two runs on one machine (two developers'
 * terminals) would collide. This waits for the other run to finish instead, and takes over a lock
 * whose holder died.
 */
export async function acquireRunLock(timeoutMs = 15 * 60_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch {
      if (!holderAlive()) {
        await new Promise((r) => setTimeout(r, 500));
        if (!holderAlive()) rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error('another end-to-end run holds the ports for too long');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
