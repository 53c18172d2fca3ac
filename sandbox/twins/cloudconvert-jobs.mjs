/**
 * CloudConvert's jobs API on the twin: `POST /v2/jobs` (validated as providers.md describes the
 * body, 1 credit per convert task), `GET /v2/jobs/{id}` (finished as soon as it is read back) and
 * the export URLs under `/files/`. Kept apart from cloudconvert.mjs, which holds OAuth, API keys
 * and the rate limit.
 */
import { randomUUID } from 'node:crypto';
import { parseBody, sendJson, str } from './lib/http.mjs';

/**
 * CloudConvert's API error body `{message, code, errors?}`.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @param {Record<string, string[]>} [errors]
 */
export function apiError(res, status, code, message, errors) {
  sendJson(res, status, errors ? { message, code, errors } : { message, code });
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
 * @typedef {object} CloudConvertTwinState
 * @property {Map<string, JobRecord>} jobs
 * @property {number} credits the demo user's balance; a convert task costs 1
 * @property {{ windowStart: number, used: number }} rate the current rate limit window
 */

/**
 * @param {import('./lib/twin.mjs').Twin} twin
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse,
 *   needed: string) => string[] | undefined} guard rate limit, authentication and scope; answers
 *   and returns undefined when the request may not go on
 * @param {Map<string, JobRecord>} jobs
 * @param {{ credits: number }} state
 */
export function addJobRoutes(twin, guard, jobs, state) {
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
}
