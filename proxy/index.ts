/** The proxy as a library: build a handler from a configuration, then serve it on any runtime. */
export { createProxy, type ProxyHandler, type ProxyOptions, type RequestContext } from './handler';
export {
  DEFAULT_RATE_LIMIT,
  DEFAULT_TIMEOUT_MS,
  envKeyFor,
  loadConfig,
  ProxyConfigError,
  type Env,
  type ProxyConfig,
  type ProxyProviderConfig,
  type RateLimitConfig,
} from './config';
export { ProxyError, type ProxyErrorCode } from './errors';
export { jsonLineLogger, type ProxyLogEntry, type ProxyLogger } from './log';
export type { UpstreamFetch } from './upstream';
