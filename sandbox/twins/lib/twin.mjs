/**
 * The skeleton every twin shares: settings from options, a clock tests can move, the in-memory
 * store, a route table, CORS, request counters, and the `/__twin/*` test hooks (hooks.mjs). A provider file
 * only adds its routes and its quirks, so what differs between providers is all that is in it.
 */
import { answerTwinHook } from './hooks.mjs';
import { applyCors, listenOn, sendJson } from './http.mjs';
import { emptyStats } from './stats.mjs';
import { createStore } from './store.mjs';

/** Every twin listens on loopback only: it has no business being reachable from elsewhere. */
export const TWIN_HOST = '127.0.0.1';

/** Where the app runs in development (vite dev) and preview; the default allowed origins. */
export const DEFAULT_APP_ORIGINS = Object.freeze([
  'http://127.0.0.1:5173',
  'http://127.0.0.1:4173',
]);

/** Settings `/__twin/config` may change at run time, on every twin. */
const COMMON_CONFIG_KEYS = ['cors', 'accessTokenTtl', 'refreshTokenTtl', 'latencyMs'];

/** @typedef {import('./types.mjs').RouteContext} RouteContext */

/**
 * @template {object} Settings the provider's settings, inferred from `defaults`
 * @template {object} [State={}] provider state beside the token store, inferred from `state`
 * @param {{ name: string, tokenPrefix: string,
 *   options: import('./types.mjs').BaseTwinOptions & Partial<Settings>,
 *   defaults: Settings, state?: State, configKeys?: string[],
 *   cors?: { allowHeaders?: string[], exposeHeaders?: string[] },
 *   notFound?: (ctx: RouteContext) => void,
 *   concurrency?: { limit: () => number, reject: (ctx: RouteContext) => void } }} spec
 *   `concurrency` caps in-flight API requests (latency included), answering the excess with
 *   `reject`; it lives here because the count must start before the simulated latency.
 */
export function createTwin(spec) {
  const { options } = spec;
  if (options.host !== undefined && options.host !== TWIN_HOST) {
    throw new Error(`${spec.name} twin: host must be ${TWIN_HOST}, got ${options.host}`);
  }
  const appOrigins = [...(options.appOrigins ?? DEFAULT_APP_ORIGINS)];
  /** @type {Settings & import('./types.mjs').CommonSettings} */
  const initial = {
    port: 0,
    cors: true,
    latencyMs: 0,
    ...spec.defaults,
    ...options,
    appOrigins,
    // The app's callback for this provider is `${origin}/callback/<provider id>` (one redirect URI
    // per provider); registered URIs are matched exactly.
    redirectUris: [
      ...(options.redirectUris ?? appOrigins.map((origin) => `${origin}/callback/${spec.name}`)),
    ],
  };
  /** Live settings; `/__twin/config` and `/__twin/reset` change them. */
  const settings = { ...initial };
  const baseNow = typeof options.now === 'function' ? options.now : Date.now;
  let offsetMs = 0;
  /** The twin's clock (epoch ms): the injected `now()` plus what `/__twin/advance` added. */
  const now = () => baseNow() + offsetMs;
  const store = createStore(spec.tokenPrefix, now);
  let stats = emptyStats();
  /** @type {{ status: number, remaining: number } | undefined} */
  let outage;
  /** API requests being answered right now (for `spec.concurrency`). */
  let inFlight = 0;
  /** @type {Array<() => void>} */
  const resetHooks = [];
  /** @type {Array<{ method: string, pattern: RegExp, kind: import('./types.mjs').RouteKind,
   *   handler: (ctx: RouteContext) => unknown }>} */
  const routes = [];
  const configKeys = new Set([...COMMON_CONFIG_KEYS, ...(spec.configKeys ?? [])]);
  const allowHeaders = [
    'authorization',
    'content-type',
    'accept',
    ...(spec.cors?.allowHeaders ?? []),
  ];
  const exposeHeaders = ['retry-after', ...(spec.cors?.exposeHeaders ?? [])];
  /** Provider state tests may read: the store plus what the provider file keeps there. */
  const state = /** @type {State & { store: import('./store.mjs').Store }} */ ({
    ...spec.state,
    store,
  });

  const twin = {
    name: spec.name,
    settings,
    state,
    store,
    now,
    /** @returns {import('./types.mjs').TwinStats} a copy, so tests compare snapshots */
    stats: () => structuredClone(stats),
    /** @type {string} set once listening */
    url: '',

    /**
     * @param {string} method
     * @param {string | RegExp} path exact path, or a regex matched against the whole path
     * @param {import('./types.mjs').RouteKind} kind
     * @param {(ctx: RouteContext) => unknown} handler
     */
    route(method, path, kind, handler) {
      const pattern =
        typeof path === 'string'
          ? new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
          : path;
      routes.push({ method, pattern, kind, handler });
    },

    /** @param {string | undefined} grantType */
    countTokenRequest(grantType) {
      const key = grantType ?? '(none)';
      stats.tokenRequests[key] = (stats.tokenRequests[key] ?? 0) + 1;
    },
    countRateLimited() {
      stats.rateLimited += 1;
    },
    /** @param {'shown' | 'allowed' | 'denied' | 'refused'} what */
    countAuthorize(what) {
      stats.authorize[what] += 1;
    },
    /** @param {() => void} hook runs on reset, to clear provider state */
    onReset(hook) {
      resetHooks.push(hook);
    },

    reset() {
      store.clear();
      stats = emptyStats();
      outage = undefined;
      offsetMs = 0;
      const live = /** @type {Record<string, unknown>} */ (settings);
      for (const key of Object.keys(live)) delete live[key];
      Object.assign(settings, initial);
      for (const hook of resetHooks) hook();
    },
    /** @param {{ refresh?: boolean }} [opts] */
    expireAll(opts) {
      store.expireAll(opts);
    },
    revokeAll() {
      store.revokeAll();
    },
    /** Moves the clock forward (codes, tokens, daily quotas and rate windows all follow it). */
    advance(/** @type {number} */ seconds) {
      offsetMs += seconds * 1000;
    },
    /**
     * Makes the next `count` requests to token, revocation and API routes fail with `status`
     * (a provider that is down). `count` omitted: until `endOutage()`.
     * @param {{ status?: number, count?: number }} [opts]
     */
    startOutage({ status = 503, count = Infinity } = {}) {
      outage = { status, remaining: count };
    },
    endOutage() {
      outage = undefined;
    },
    /**
     * Changes settings at run time; unknown keys are refused so a typo does not pass silently.
     * @param {Record<string, unknown>} patch
     */
    configure(patch) {
      const unknown = Object.keys(patch).filter((key) => !configKeys.has(key));
      if (unknown.length > 0) throw new Error(`unknown setting(s): ${unknown.join(', ')}`);
      Object.assign(settings, patch);
    },

    /**
     * Starts listening; resolves to the handle tests and index.mjs use.
     * @returns {Promise<import('./types.mjs').TwinHandle<Settings, State>>}
     */
    async listen() {
      const server = await listenOn(TWIN_HOST, settings.port, dispatch);
      const port = server.port;
      twin.url = `http://${TWIN_HOST}:${port}`;
      return {
        name: spec.name,
        url: twin.url,
        port,
        state,
        settings,
        stats: twin.stats,
        reset: twin.reset,
        expireAll: twin.expireAll,
        revokeAll: twin.revokeAll,
        advance: twin.advance,
        startOutage: twin.startOutage,
        endOutage: twin.endOutage,
        configure: twin.configure,
        close: server.close,
      };
    },
  };

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function dispatch(req, res) {
    const url = new URL(req.url ?? '/', `http://${TWIN_HOST}`);
    const cors = {
      enabled: settings.cors !== false,
      origins: settings.appOrigins,
      allowHeaders,
      exposeHeaders,
    };

    if (url.pathname.startsWith('/__twin/')) {
      if (applyCors(req, res, cors)) return;
      await answerTwinHook(twin, req, res, url);
      return;
    }

    const candidates = routes.filter((r) => r.pattern.test(url.pathname));
    const route = candidates.find((r) => r.method === req.method);
    const kind = route?.kind ?? candidates[0]?.kind ?? 'api';
    if (kind !== 'authorize' && applyCors(req, res, cors)) {
      stats.preflights += 1;
      return;
    }
    if (kind === 'api') stats.apiCalls += 1;
    if (kind === 'revoke') stats.revocations += 1;
    res.on('finish', () => {
      if (res.statusCode < 400) return;
      if (kind === 'api') stats.apiErrors += 1;
      if (kind === 'token') stats.tokenErrors += 1;
    });

    if (kind === 'api' && spec.concurrency) {
      if (inFlight >= spec.concurrency.limit()) {
        stats.rateLimited += 1;
        spec.concurrency.reject({ req, res, url, params: [] });
        return;
      }
      inFlight += 1;
      let done = false;
      const release = () => {
        if (!done) inFlight -= 1;
        done = true;
      };
      res.on('finish', release);
      res.on('close', release);
    }
    if (outage && kind !== 'authorize') {
      outage.remaining -= 1;
      const { status } = outage;
      if (outage.remaining <= 0) outage = undefined;
      sendJson(res, status, { message: `${spec.name} twin: simulated outage` });
      return;
    }
    if (settings.latencyMs > 0 && kind !== 'authorize') {
      await new Promise((resolve) => setTimeout(resolve, settings.latencyMs));
    }

    if (!route) {
      if (candidates.length > 0) {
        sendJson(
          res,
          405,
          { message: 'method not allowed' },
          { Allow: candidates.map((r) => r.method).join(', ') },
        );
      } else if (spec.notFound) {
        spec.notFound({ req, res, url, params: [] });
      } else {
        sendJson(res, 404, { message: 'not found' });
      }
      return;
    }
    const match = route.pattern.exec(url.pathname);
    await route.handler({ req, res, url, params: match ? match.slice(1) : [] });
  }

  return twin;
}

/**
 * The twin a provider file builds on (routes, counters, store, clock) before it listens.
 * @template {object} [Settings={}]
 * @template {object} [State={}]
 * @typedef {ReturnType<typeof createTwin<Settings, State>>} Twin
 */
