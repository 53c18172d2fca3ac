/**
 * Twin of CloudConvert (OAuth confidential client, or API key), per docs/providers.md:
 *
 * - the token endpoint takes a form body with client_id + client_secret in it (H); wrong or missing
 *   credentials get 401 invalid_client, so the code exchange and refresh must go through the proxy;
 * - the code grant must repeat redirect_uri (H); PKCE is checked when a challenge was sent (L);
 * - answers carry `expires_in` and `refresh_token` (M); refresh issues a new refresh token and the
 *   old one keeps working (rotation is undocumented: the twin picks the lenient reading);
 * - scopes are enforced: /v2/users/me needs user.read, POST /v2/jobs needs task.write (H);
 * - API keys are Bearer tokens with every scope that never expire (H);
 * - errors are `{message, code, errors?}` with 401/402/403/404/422/429 (H/M), and 429 carries
 *   X-RateLimit-Limit / X-RateLimit-Remaining when `rateLimit` is set.
 *
 * Inferred: the `code` strings (except INVALID_DATA), GET /v2/jobs/{id} needing task.read, credits
 * cost (1 per convert task, 402 CREDITS_EXCEEDED when short), the 3600 s token lifetime, refresh
 * tokens that do not expire, and a job being finished as soon as it is read back.
 */
import { randomUUID } from 'node:crypto';
import { addAuthorizeEndpoint } from './lib/authorize.mjs';
import { bearerToken, parseBody, sendJson, str } from './lib/http.mjs';
import { redeemCode } from './lib/oauth.mjs';
import { safeEqual } from './lib/store.mjs';
import { createTwin } from './lib/twin.mjs';

export const CLOUDCONVERT_DEFAULT_PORT = 9022;
export const CLOUDCONVERT_CLIENT_ID = 'cloudconvert-twin-client';
export const CLOUDCONVERT_CLIENT_SECRET = 'cloudconvert-twin-secret';
export const CLOUDCONVERT_API_KEY = 'cc-twin-api-key';
export const CLOUDCONVERT_SCOPES = Object.freeze([
  'user.read',
  'user.write',
  'task.read',
  'task.write',
  'webhook.read',
  'webhook.write',
]);

/** The only user of the twin. */
export const CLOUDCONVERT_DEMO_USER = Object.freeze({
  id: 41001,
  username: 'demo-user',
  email: 'demo@cloudconvert.test',
  created_at: '2024-01-15T09:30:00+00:00',
});

/**
 * CloudConvert's API error body `{message, code, errors?}`.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @param {Record<string, string[]>} [errors]
 */
function apiError(res, status, code, message, errors) {
  sendJson(res, status, errors ? { message, code, errors } : { message, code });
}

/**
 * The token endpoint's errors, RFC 6749 5.2 plus the `message` Laravel Passport (which CloudConvert's
 * OAuth server appears to be) adds.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} error
 * @param {string} description
 */
function oauthError(res, status, error, description) {
  sendJson(res, status, { error, error_description: description, message: description });
}

/**
 * @typedef {object} JobRecord
 * @property {string} id
 * @property {string | undefined} tag
 * @property {string} createdAt
 * @property {Record<string, Record<string, unknown>>} tasks as posted
 * @property {Record<string, string>} taskIds name -> id
 */

/**
 * Validates `POST /v2/jobs` the way providers.md describes the body:
 * `{tag, tasks:{name:{operation:"import/url", url}, name2:{operation:"convert", input,
 * output_format, filename}, name3:{operation:"export/url", input}}}`. Field keys in `errors` use
 * Laravel's dotted form (`tasks.name2.output_format`). Only those three operations exist in the
 * twin; any other is invalid here, though the real service has many more.
 * @param {Record<string, unknown>} body
 * @returns {Record<string, string[]>} empty when valid
 */
export function validateJob(body) {
  /** @type {Record<string, string[]>} */
  const errors = {};
  const add = (/** @type {string} */ field, /** @type {string} */ message) => {
    (errors[field] ??= []).push(message);
  };
  if (body.tag !== undefined && typeof body.tag !== 'string')
    add('tag', 'The tag must be a string.');
  const tasks = body.tasks;
  if (tasks === undefined || tasks === null) {
    add('tasks', 'The tasks field is required.');
    return errors;
  }
  if (typeof tasks !== 'object' || Array.isArray(tasks)) {
    add('tasks', 'The tasks must be an object keyed by task name.');
    return errors;
  }
  const names = Object.keys(tasks);
  if (names.length === 0) add('tasks', 'The tasks field is required.');
  for (const [name, task] of Object.entries(tasks)) {
    const at = `tasks.${name}`;
    if (task === null || typeof task !== 'object' || Array.isArray(task)) {
      add(at, 'The task must be an object.');
      continue;
    }
    const checkInput = () => {
      const input = task.input;
      const list = typeof input === 'string' ? [input] : input;
      if (!Array.isArray(list) || list.length === 0 || !list.every((i) => typeof i === 'string')) {
        add(`${at}.input`, 'The input field is required.');
        return;
      }
      for (const ref of list) {
        if (ref === name || !names.includes(ref))
          add(`${at}.input`, `The input "${ref}" is not a task of this job.`);
      }
    };
    switch (task.operation) {
      case 'import/url': {
        let valid = false;
        if (typeof task.url === 'string') {
          try {
            valid = ['http:', 'https:'].includes(new URL(task.url).protocol);
          } catch {
            valid = false;
          }
        }
        if (typeof task.url !== 'string' || task.url === '')
          add(`${at}.url`, 'The url field is required.');
        else if (!valid) add(`${at}.url`, 'The url must be a valid URL.');
        break;
      }
      case 'convert':
        checkInput();
        if (typeof task.output_format !== 'string' || task.output_format === '') {
          add(`${at}.output_format`, 'The output format field is required.');
        }
        if (task.filename !== undefined && typeof task.filename !== 'string') {
          add(`${at}.filename`, 'The filename must be a string.');
        }
        break;
      case 'export/url':
        checkInput();
        break;
      case undefined:
        add(`${at}.operation`, 'The operation field is required.');
        break;
      default:
        add(`${at}.operation`, 'The selected operation is invalid.');
    }
  }
  return errors;
}

/**
 * @param {import('./cloudconvert.d.mts').CloudConvertTwinOptions} [options]
 */
export async function startCloudConvertTwin(options = {}) {
  const twin = createTwin({
    name: 'cloudconvert',
    tokenPrefix: 'cc',
    options,
    defaults: {
      clientId: CLOUDCONVERT_CLIENT_ID,
      clientSecret: CLOUDCONVERT_CLIENT_SECRET,
      accessTokenTtl: 3600,
      refreshTokenTtl: null,
      apiKeys: [CLOUDCONVERT_API_KEY],
      rateLimit: 0,
      rateLimitWindow: 60,
      credits: 250,
    },
    configKeys: ['rateLimit', 'rateLimitWindow', 'credits'],
    cors: { exposeHeaders: ['x-ratelimit-limit', 'x-ratelimit-remaining'] },
    notFound: ({ res }) => apiError(res, 404, 'NOT_FOUND', 'Not found.'),
  });
  const { settings, state } = twin;
  /** @type {Map<string, JobRecord>} */
  const jobs = new Map();
  state.jobs = jobs;
  state.credits = settings.credits;
  const rate = { windowStart: twin.now(), used: 0 };
  state.rate = rate;
  twin.onReset(() => {
    jobs.clear();
    state.credits = settings.credits;
    rate.windowStart = twin.now();
    rate.used = 0;
  });
  /** `/__twin/config {credits}` refills the balance too. */
  const configure = twin.configure;
  twin.configure = (patch) => {
    configure(patch);
    if (typeof patch.credits === 'number') state.credits = patch.credits;
  };

  addAuthorizeEndpoint(twin, {
    path: '/oauth/authorize',
    providerName: 'CloudConvert',
    redirectUriRequired: true,
    // Not documented; RFC 7636's default (and Laravel Passport's) for a bare challenge.
    defaultChallengeMethod: 'plain',
    knownScopes: [...CLOUDCONVERT_SCOPES],
    unknownScopes: 'refuse',
  });

  twin.route('POST', '/oauth/token', 'token', async ({ req, res }) => {
    const body = await parseBody(req);
    const grantType = str(body.params, 'grant_type');
    twin.countTokenRequest(grantType);
    if (body.kind !== 'form') {
      return oauthError(
        res,
        400,
        'invalid_request',
        'The token request must be application/x-www-form-urlencoded',
      );
    }
    const { params } = body;
    // client_secret_post only: providers.md documents both credentials in the body.
    const clientId = str(params, 'client_id');
    const secret = str(params, 'client_secret');
    if (
      !clientId ||
      !secret ||
      clientId !== settings.clientId ||
      !safeEqual(secret, settings.clientSecret)
    ) {
      return oauthError(res, 401, 'invalid_client', 'Client authentication failed');
    }

    if (grantType === 'authorization_code') {
      const redeemed = redeemCode(twin, {
        code: str(params, 'code'),
        clientId,
        redirectUri: str(params, 'redirect_uri'),
        codeVerifier: str(params, 'code_verifier'),
        redirectUriRule: 'required',
      });
      if ('error' in redeemed) return oauthError(res, 400, redeemed.error, redeemed.description);
      return sendJson(res, 200, issue(clientId, redeemed.record.scope));
    }
    if (grantType === 'refresh_token') {
      const checked = twin.store.checkRefreshToken(str(params, 'refresh_token'));
      if (!('record' in checked)) {
        if (checked.reason === 'missing')
          return oauthError(res, 400, 'invalid_request', 'refresh_token missing');
        return oauthError(
          res,
          400,
          'invalid_grant',
          `The refresh token is invalid (${checked.reason})`,
        );
      }
      if (checked.record.clientId !== clientId) {
        return oauthError(
          res,
          400,
          'invalid_grant',
          'The refresh token was issued to another client',
        );
      }
      let scope = checked.record.scope;
      const asked = str(params, 'scope');
      if (asked) {
        const narrowed = asked.split(' ').filter(Boolean);
        if (!narrowed.every((s) => scope.includes(s))) {
          return oauthError(
            res,
            400,
            'invalid_scope',
            'The requested scope exceeds the original grant',
          );
        }
        scope = narrowed;
      }
      // A new refresh token every time; the old one is left valid (see the file comment).
      return sendJson(res, 200, issue(clientId, scope));
    }
    return oauthError(
      res,
      400,
      'unsupported_grant_type',
      `Unsupported grant_type "${grantType ?? ''}"`,
    );
  });

  /**
   * @param {string} clientId
   * @param {string[]} scope
   */
  function issue(clientId, scope) {
    const refreshToken = twin.store.issueRefreshToken({
      clientId,
      scope,
      ttlSeconds: settings.refreshTokenTtl ?? Infinity,
      grant: {},
    });
    const { token } = twin.store.issueAccessToken({
      clientId,
      scope,
      ttlSeconds: settings.accessTokenTtl,
      refreshToken,
      grant: {},
    });
    return {
      token_type: 'Bearer',
      expires_in: settings.accessTokenTtl,
      access_token: token,
      refresh_token: refreshToken,
    };
  }

  /**
   * Rate limit, then authentication, then scope: the order in which a real API gateway would
   * refuse. Returns the granted scopes, or undefined when it has answered.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} needed
   * @returns {string[] | undefined}
   */
  function guard(req, res, needed) {
    const limit = Number(settings.rateLimit);
    if (limit > 0) {
      const windowMs = Number(settings.rateLimitWindow) * 1000;
      if (twin.now() - rate.windowStart >= windowMs) {
        rate.windowStart = twin.now();
        rate.used = 0;
      }
      rate.used += 1;
      res.setHeader('X-RateLimit-Limit', String(limit));
      res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - rate.used)));
      if (rate.used > limit) {
        twin.countRateLimited();
        const retryAfter = Math.max(
          1,
          Math.ceil((rate.windowStart + windowMs - twin.now()) / 1000),
        );
        res.setHeader('Retry-After', String(retryAfter));
        apiError(res, 429, 'RATE_LIMIT_EXCEEDED', 'Too Many Attempts.');
        return undefined;
      }
    }
    const token = bearerToken(req);
    /** @type {string[]} */
    let scopes;
    /** @type {Array<string | { key: string, scopes?: string[] }>} */
    const keys = settings.apiKeys ?? [];
    const apiKey = token
      ? keys.find((k) => (typeof k === 'string' ? k : k.key) === token)
      : undefined;
    if (apiKey !== undefined) {
      scopes =
        typeof apiKey === 'string'
          ? [...CLOUDCONVERT_SCOPES]
          : [...(apiKey.scopes ?? CLOUDCONVERT_SCOPES)];
    } else {
      const checked = twin.store.checkAccessToken(token);
      if (!('record' in checked)) {
        apiError(res, 401, 'UNAUTHENTICATED', 'Unauthenticated.');
        return undefined;
      }
      scopes = checked.record.scope;
    }
    if (!scopes.includes(needed)) {
      apiError(res, 403, 'FORBIDDEN', `Invalid scope(s) provided: this call needs ${needed}.`);
      return undefined;
    }
    return scopes;
  }

  twin.route('GET', '/v2/users/me', 'api', ({ req, res }) => {
    if (!guard(req, res, 'user.read')) return;
    sendJson(res, 200, {
      data: {
        ...CLOUDCONVERT_DEMO_USER,
        credits: state.credits,
        links: { self: `${twin.url}/v2/users/${CLOUDCONVERT_DEMO_USER.id}` },
      },
    });
  });

  twin.route('POST', '/v2/jobs', 'api', async ({ req, res }) => {
    if (!guard(req, res, 'task.write')) return;
    const body = await parseBody(req);
    if (body.kind !== 'json') {
      return apiError(res, 422, 'INVALID_DATA', 'The given data was invalid.', {
        tasks: ['The tasks field is required.'],
      });
    }
    const errors = validateJob(body.params);
    if (Object.keys(errors).length > 0) {
      return apiError(res, 422, 'INVALID_DATA', 'The given data was invalid.', errors);
    }
    const tasks = /** @type {Record<string, Record<string, unknown>>} */ (body.params.tasks);
    const cost = Object.values(tasks).filter((t) => t.operation === 'convert').length;
    if (Number(state.credits) < cost) {
      return apiError(res, 402, 'CREDITS_EXCEEDED', 'You are out of conversion credits.');
    }
    state.credits = Number(state.credits) - cost;
    /** @type {JobRecord} */
    const job = {
      id: randomUUID(),
      tag: str(body.params, 'tag'),
      createdAt: new Date(twin.now()).toISOString(),
      tasks,
      taskIds: Object.fromEntries(Object.keys(tasks).map((name) => [name, randomUUID()])),
    };
    jobs.set(job.id, job);
    sendJson(res, 201, { data: jobView(job, false) });
  });

  twin.route('GET', /^\/v2\/jobs\/([^/]+)$/, 'api', ({ req, res, params }) => {
    if (!guard(req, res, 'task.read')) return;
    const job = jobs.get(params[0] ?? '');
    if (!job) return apiError(res, 404, 'NOT_FOUND', 'Job not found.');
    sendJson(res, 200, { data: jobView(job, true) });
  });

  // Export URLs point here: like CloudConvert's signed storage URLs, no Authorization needed.
  twin.route('GET', /^\/files\/([^/]+)\/([^/]+)$/, 'file', ({ res, params }) => {
    const job = jobs.get(params[0] ?? '');
    const filename = decodeURIComponent(params[1] ?? '');
    const exported = job
      ? jobView(job, true).tasks.flatMap((t) =>
          t.operation === 'export/url' ? (t.result?.files ?? []) : [],
        )
      : [];
    if (!job || !exported.some((f) => f.filename === filename))
      return apiError(res, 404, 'NOT_FOUND', 'File not found.');
    res.writeHead(200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
    });
    res.end(fileContent(job, filename));
  });

  /**
   * @param {JobRecord} job
   * @param {string} filename
   */
  function fileContent(job, filename) {
    return `CloudConvert twin output ${filename} of job ${job.id}\n`;
  }

  /**
   * The job as the API shows it: just created (all waiting) or read back (all finished, with the
   * result files each task produced).
   * @param {JobRecord} job
   * @param {boolean} finished
   */
  function jobView(job, finished) {
    /** @type {Map<string, Array<{ filename: string, size?: number, url?: string }>>} */
    const files = new Map();
    /** @param {string} name */
    const filesOf = (name) => {
      const known = files.get(name);
      if (known) return known;
      files.set(name, []);
      const task = job.tasks[name] ?? {};
      const inputs =
        typeof task.input === 'string' ? [task.input] : /** @type {string[]} */ (task.input ?? []);
      /** @type {Array<{ filename: string, size?: number, url?: string }>} */
      let out = [];
      if (task.operation === 'import/url') {
        const last = new URL(String(task.url)).pathname.split('/').pop();
        out = [{ filename: last ? decodeURIComponent(last) : 'file' }];
      } else if (task.operation === 'convert') {
        const base = inputs.flatMap(filesOf)[0]?.filename.replace(/\.[^.]*$/, '') || 'output';
        out = [
          {
            filename:
              typeof task.filename === 'string'
                ? task.filename
                : `${base}.${String(task.output_format)}`,
          },
        ];
      } else if (task.operation === 'export/url') {
        out = inputs.flatMap(filesOf).map((f) => ({
          filename: f.filename,
          size: Buffer.byteLength(fileContent(job, f.filename)),
          url: `${twin.url}/files/${job.id}/${encodeURIComponent(f.filename)}`,
        }));
      }
      files.set(name, out);
      return out;
    };
    const ended = finished ? new Date(twin.now()).toISOString() : null;
    const tasks = Object.entries(job.tasks).map(([name, task]) => {
      const inputs =
        typeof task.input === 'string' ? [task.input] : /** @type {string[]} */ (task.input ?? []);
      return {
        id: job.taskIds[name],
        name,
        job_id: job.id,
        operation: String(task.operation),
        status: finished ? 'finished' : 'waiting',
        message: null,
        code: null,
        credits: finished && task.operation === 'convert' ? 1 : null,
        created_at: job.createdAt,
        started_at: finished ? job.createdAt : null,
        ended_at: ended,
        depends_on_task_ids: inputs.map((i) => job.taskIds[i]),
        payload: task,
        result: finished ? { files: filesOf(name) } : null,
      };
    });
    return {
      id: job.id,
      tag: job.tag ?? null,
      status: finished ? 'finished' : 'waiting',
      created_at: job.createdAt,
      started_at: finished ? job.createdAt : null,
      ended_at: ended,
      tasks,
      links: { self: `${twin.url}/v2/jobs/${job.id}` },
    };
  }

  return twin.listen();
}
