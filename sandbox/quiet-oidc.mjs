/**
 * oidc-provider without its two start-up warnings, so `npm start` prints only what helps.
 *
 * - "Unsupported runtime. Use Node.js v22.x LTS": printed once when oidc-provider 9 loads on
 *   Node 20. Keyfob's toolchain is Node 20, where everything the sandbox uses works (its tests
 *   run there), so that one line is dropped while the module loads; any other warning still shows.
 * - "a quick start development-only in-memory adapter is used": printed when no adapter is
 *   configured, because a real server would lose its state on restart. Losing everything on
 *   restart is the sandbox's point, so it passes oidc-provider's own in-memory adapter explicitly
 *   (the same store and expiry rules as the default, just chosen on purpose).
 * bench/connect/authz-server.mjs uses it for the benchmark's server too.
 */
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';

/** @returns {Promise<typeof import('oidc-provider').default>} */
export async function importOidcProvider() {
  const warn = console.warn;
  console.warn = (...args) => {
    if (!(typeof args[0] === 'string' && args[0].includes('Unsupported runtime'))) warn(...args);
  };
  try {
    return (await import('oidc-provider')).default;
  } finally {
    console.warn = warn;
  }
}

/** A fresh in-memory store for one provider instance (each sandbox keeps its own). */
export function memoryAdapter(clockTolerance = 0) {
  return createMemoryAdapter(clockTolerance);
}
