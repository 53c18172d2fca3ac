import type { ProxyErrorCode } from './errors';

/**
 * One structured line per request. It names the route, provider, status and time taken, never a
 * header, parameter or body: that is how a secret, token, code or verifier stays out of logs.
 */
export interface ProxyLogEntry {
  time: string;
  route: 'token' | 'revoke' | 'api' | 'healthz' | 'preflight' | 'unmatched';
  provider?: string;
  method: string;
  status: number;
  duration_ms: number;
  error?: ProxyErrorCode;
}

export type ProxyLogger = (entry: ProxyLogEntry) => void;

/** The default logger: one JSON line on the runtime's console (stdout on Node, `wrangler tail` on Workers). */
export const jsonLineLogger: ProxyLogger = (entry) => {
  // eslint-disable-next-line no-console -- this is the proxy's access log, one JSON line per request
  console.log(JSON.stringify(entry));
};
