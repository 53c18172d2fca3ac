/**
 * The types every twin shares, as JSDoc so the plain .mjs files are their one source of types:
 * tsc checks the twins against them (tsconfig.sandbox.json) and the TypeScript tests read them.
 */

/**
 * @typedef {object} BaseTwinOptions
 * @property {number} [port] 0 (default for a single twin) picks a free port
 * @property {'127.0.0.1'} [host] loopback only; anything else throws
 * @property {readonly string[]} [appOrigins] exact origins allowed by CORS on token and API
 *   endpoints; default vite dev + preview
 * @property {readonly string[]} [redirectUris] registered redirect URIs (exact match); default each
 *   app origin + "/callback/<provider id>"
 * @property {boolean} [cors] false: no CORS header at all, to exercise the app's "probably blocked
 *   by CORS" path
 * @property {number} [accessTokenTtl] access token lifetime in seconds
 * @property {number} [latencyMs] delay before answering token, revocation and API requests (ms)
 * @property {() => number} [now] the twin's clock (epoch ms); default Date.now
 */

/**
 * Settings every twin has once options are merged over its defaults.
 * @typedef {object} CommonSettings
 * @property {number} port
 * @property {string[]} appOrigins
 * @property {string[]} redirectUris
 * @property {boolean} cors
 * @property {number} latencyMs
 */

/**
 * @typedef {object} TwinStats
 * @property {{ shown: number, allowed: number, denied: number, refused: number }} authorize
 * @property {Record<string, number>} tokenRequests by grant_type as received ("(none)" if absent),
 *   failed ones included
 * @property {number} tokenErrors token answers with a 4xx/5xx status
 * @property {number} apiCalls requests to API routes, whatever their outcome
 * @property {number} apiErrors API answers with a 4xx/5xx status
 * @property {number} revocations requests to a revocation endpoint
 * @property {number} preflights CORS preflights answered
 * @property {number} rateLimited 429 answers (rate limit, daily quota, concurrency)
 */

/**
 * What a started twin gives tests, index.mjs and the scripts.
 * @template {object} Settings provider settings (defaults merged with options)
 * @template {object} State provider state beside the token store
 * @typedef {object} TwinHandle
 * @property {string} name
 * @property {string} url e.g. http://127.0.0.1:9021
 * @property {number} port
 * @property {State & { store: import('./store.mjs').Store }} state live provider state
 * @property {Settings & CommonSettings} settings live settings (options merged over defaults)
 * @property {() => TwinStats} stats a snapshot of the request counters
 * @property {() => void} reset forgets every code, token and counter and restores the start
 *   settings and clock
 * @property {(options?: { refresh?: boolean }) => void} expireAll expires every access token
 *   issued so far (and with `refresh`, every refresh token)
 * @property {() => void} revokeAll revokes every access and refresh token (the user removed the
 *   app at the provider)
 * @property {(seconds: number) => void} advance moves the twin's clock forward
 * @property {(options?: { status?: number, count?: number }) => void} startOutage the next `count`
 *   token/revocation/API requests (default: all) fail with `status` (503)
 * @property {() => void} endOutage
 * @property {(patch: Record<string, unknown>) => void} configure changes run-time settings (cors,
 *   accessTokenTtl, refreshTokenTtl, latencyMs, provider extras); unknown keys throw
 * @property {() => Promise<void>} close
 */

/**
 * @typedef {'authorize' | 'token' | 'revoke' | 'api' | 'file'} RouteKind
 * authorize pages are navigations (no CORS); everything else is fetched by the app or the proxy.
 */

/**
 * @typedef {object} RouteContext
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {URL} url
 * @property {string[]} params regex capture groups of the route's path
 */

export {};
