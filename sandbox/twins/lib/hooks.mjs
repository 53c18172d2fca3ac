/**
 * The `/__twin/*` test hooks every twin answers. They are part of the twin, never of the real
 * provider: e2e tests and manual poking reach the same controls the TypeScript tests call.
 */
import { parseBody, sendEmpty, sendJson } from './http.mjs';

/**
 * The part of a twin the hooks drive.
 * @typedef {Pick<import('./types.mjs').TwinHandle<object, object>, 'stats' | 'reset' |
 *   'expireAll' | 'revokeAll' | 'advance' | 'startOutage' | 'endOutage' | 'configure'
 *   | 'settings'> & { now: () => number }} HookTarget
 */

/**
 * @param {HookTarget} twin
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export async function answerTwinHook(twin, req, res, url) {
  const route = `${req.method} ${url.pathname}`;
  const body = req.method === 'POST' ? await parseBody(req) : { kind: 'empty', params: {} };
  const params = /** @type {Record<string, any>} */ (body.params);
  switch (route) {
    case 'GET /__twin/stats':
      return sendJson(res, 200, twin.stats());
    case 'POST /__twin/reset':
      twin.reset();
      return sendEmpty(res, 204);
    case 'POST /__twin/expire-all': {
      const refresh = url.searchParams.get('refresh') === '1' || params.refresh === true;
      twin.expireAll({ refresh });
      return sendEmpty(res, 204);
    }
    case 'POST /__twin/revoke-all':
      twin.revokeAll();
      return sendEmpty(res, 204);
    case 'POST /__twin/advance': {
      const seconds = Number(params.seconds ?? url.searchParams.get('seconds'));
      if (!Number.isFinite(seconds) || seconds < 0)
        return sendJson(res, 400, { message: 'seconds >= 0 required' });
      twin.advance(seconds);
      return sendJson(res, 200, { now: twin.now() });
    }
    case 'POST /__twin/outage':
      twin.startOutage({
        status: typeof params.status === 'number' ? params.status : 503,
        count: typeof params.count === 'number' ? params.count : Infinity,
      });
      return sendEmpty(res, 204);
    case 'POST /__twin/outage/end':
      twin.endOutage();
      return sendEmpty(res, 204);
    case 'POST /__twin/config':
      try {
        twin.configure(params);
      } catch (error) {
        return sendJson(res, 400, { message: /** @type {Error} */ (error).message });
      }
      return sendJson(res, 200, publicSettings(twin.settings));
    case 'GET /__twin/config':
      return sendJson(res, 200, publicSettings(twin.settings));
    default:
      return sendJson(res, 404, { message: `unknown twin hook ${route}` });
  }
}

/**
 * Settings without functions (the injected clock) for `GET /__twin/config`.
 * @param {object} settings
 */
function publicSettings(settings) {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => typeof v !== 'function'));
}
