/**
 * Twin of the WhatConverts API: no OAuth (none found, H), an API token + secret sent with HTTP
 * Basic (H). Per docs/providers.md:
 *
 * - `Authorization: Basic base64(api_token:api_secret)`; a profile key covers one profile, a master
 *   account key (agency plan) can also list accounts (H);
 * - `GET /api/v1/leads` paged with `leads_per_page` and `page_number` (H); a profile key checks
 *   itself with `?leads_per_page=1`, a master key with `/api/v1/accounts?accounts_per_page=1` (M);
 * - 1,000 requests a day for a profile key, 10,000 for a master key, reset at midnight UTC, at most
 *   20 concurrent requests (H).
 *
 * Inferred: the error body `{error_message}` for 400/401/403/429, the lead and account fields, the
 * page size default (25), a profile key getting 403 on /accounts, quota counted per key for every
 * authenticated request, the concurrency cap counted across the whole twin, and the twin's own
 * X-Twin-Quota-Limit / X-Twin-Quota-Remaining headers (not WhatConverts': do not build on them).
 */
import { basicCredentials, sendJson } from './lib/http.mjs';
import { safeEqual } from './lib/store.mjs';
import { createTwin } from './lib/twin.mjs';

export const WHATCONVERTS_DEFAULT_PORT = 9024;
export const WHATCONVERTS_API_TOKEN = 'wc-twin-token';
export const WHATCONVERTS_API_SECRET = 'wc-twin-secret';
export const WHATCONVERTS_MASTER_TOKEN = 'wc-twin-master-token';
export const WHATCONVERTS_MASTER_SECRET = 'wc-twin-master-secret';
export const WHATCONVERTS_ACCOUNT_ID = 52001;
export const WHATCONVERTS_PROFILE_ID = 63001;

const DAY_MS = 86_400_000;

export const WHATCONVERTS_DEMO_LEADS = Object.freeze(
  [
    ['Phone Call', 'Jordan Lee', 'google', 'cpc', 'Spring Sale'],
    ['Web Form', 'Sam Rivera', 'google', 'organic', null],
    ['Chat', 'Alex Kim', 'facebook', 'social', 'Brand'],
    ['Web Form', 'Taylor Brooks', '(direct)', '(none)', null],
    ['Phone Call', 'Morgan Diaz', 'bing', 'cpc', 'Spring Sale'],
  ].map(([type, name, source, medium, campaign], i) => ({
    account_id: WHATCONVERTS_ACCOUNT_ID,
    profile_id: WHATCONVERTS_PROFILE_ID,
    profile: 'Demo Profile',
    lead_id: 74001 + i,
    lead_type: type,
    lead_status: 'Unique',
    date_created: `2024-05-0${i + 1}T1${i}:15:00Z`,
    quotable: 'Not Set',
    lead_source: source,
    lead_medium: medium,
    lead_campaign: campaign,
    contact_name: name,
    contact_email_address: `${String(name).split(' ')[0]?.toLowerCase()}@example.test`,
    landing_url: 'https://demo.example.test/',
  })),
);

export const WHATCONVERTS_DEMO_ACCOUNTS = Object.freeze([
  {
    account_id: WHATCONVERTS_ACCOUNT_ID,
    account_name: 'Demo Client',
    date_created: '2023-11-02T08:00:00Z',
    profiles: [{ profile_id: WHATCONVERTS_PROFILE_ID, profile_name: 'Demo Profile' }],
  },
]);

/**
 * The inferred WhatConverts error body.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} message
 */
function wcError(res, status, message) {
  sendJson(res, status, { error_message: message });
}

/**
 * @typedef {object} WhatConvertsTwinSettings
 * @property {string} apiToken profile key token, default 'wc-twin-token'
 * @property {string} apiSecret profile key secret, default 'wc-twin-secret'
 * @property {string} masterToken master account key token, default 'wc-twin-master-token'; ''
 *   disables the master key
 * @property {string} masterSecret master account key secret, default 'wc-twin-master-secret'
 * @property {number} dailyLimit requests a day for a profile key, default 1000 (reset at midnight
 *   UTC by the twin's clock)
 * @property {number} masterDailyLimit requests a day for a master key, default 10000
 * @property {number} maxConcurrent concurrent API requests before 429, default 20
 */
/**
 * @typedef {object} WhatConvertsTwinState
 * @property {Map<string, { day: number, used: number }>} quotas per API token: the UTC day
 *   number and the requests used that day
 */
/** @typedef {import('./lib/types.mjs').BaseTwinOptions & Partial<WhatConvertsTwinSettings>} WhatConvertsTwinOptions */
/** @typedef {import('./lib/types.mjs').TwinHandle<WhatConvertsTwinSettings, WhatConvertsTwinState>} WhatConvertsTwin */

/**
 * @param {WhatConvertsTwinOptions} [options]
 * @returns {Promise<WhatConvertsTwin>}
 */
export async function startWhatConvertsTwin(options = {}) {
  const twin = createTwin({
    name: 'whatconverts',
    tokenPrefix: 'wc',
    options,
    defaults: /** @type {WhatConvertsTwinSettings} */ ({
      apiToken: WHATCONVERTS_API_TOKEN,
      apiSecret: WHATCONVERTS_API_SECRET,
      masterToken: WHATCONVERTS_MASTER_TOKEN,
      masterSecret: WHATCONVERTS_MASTER_SECRET,
      dailyLimit: 1000,
      masterDailyLimit: 10000,
      maxConcurrent: 20,
    }),
    /** @type {WhatConvertsTwinState} */
    state: { quotas: new Map() },
    configKeys: ['dailyLimit', 'masterDailyLimit', 'maxConcurrent'],
    cors: { exposeHeaders: ['x-twin-quota-limit', 'x-twin-quota-remaining'] },
    notFound: ({ res }) => wcError(res, 404, 'Not found'),
    concurrency: {
      // Read live: /__twin/config may change it.
      limit: /** @returns {number} */ () => Number(twin.settings.maxConcurrent),
      reject: ({ res }) => wcError(res, 429, 'Too many concurrent requests: at most 20 at a time'),
    },
  });
  const { settings, state } = twin;
  /** Requests counted per key and UTC day. */
  const { quotas } = state;
  twin.onReset(() => quotas.clear());

  /**
   * Authentication, then the daily quota. Returns the kind of key, or undefined when answered.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @returns {'profile' | 'master' | undefined}
   */
  function guard(req, res) {
    const credentials = basicCredentials(req);
    /** @type {'profile' | 'master' | undefined} */
    let kind;
    if (credentials) {
      const { user, password } = credentials;
      if (user === settings.apiToken && safeEqual(password, settings.apiSecret)) kind = 'profile';
      else if (
        settings.masterToken &&
        user === settings.masterToken &&
        safeEqual(password, settings.masterSecret)
      ) {
        kind = 'master';
      }
    }
    if (!kind || !credentials) {
      wcError(
        res,
        401,
        credentials ? 'Invalid API token or secret' : 'API token and secret required (HTTP Basic)',
      );
      return undefined;
    }
    const limit = Number(kind === 'master' ? settings.masterDailyLimit : settings.dailyLimit);
    const day = Math.floor(twin.now() / DAY_MS);
    let quota = quotas.get(credentials.user);
    if (!quota || quota.day !== day) {
      quota = { day, used: 0 };
      quotas.set(credentials.user, quota);
    }
    res.setHeader('X-Twin-Quota-Limit', String(limit));
    if (quota.used >= limit) {
      twin.countRateLimited();
      res.setHeader('X-Twin-Quota-Remaining', '0');
      res.setHeader('Retry-After', String(Math.ceil(((day + 1) * DAY_MS - twin.now()) / 1000)));
      wcError(res, 429, `Daily API limit of ${limit} requests reached; it resets at midnight UTC`);
      return undefined;
    }
    quota.used += 1;
    res.setHeader('X-Twin-Quota-Remaining', String(limit - quota.used));
    return kind;
  }

  /**
   * Reads a positive page parameter; undefined (and a 400 sent) when malformed.
   * @param {URL} url
   * @param {string} name
   * @param {number} fallback
   * @param {number} max
   * @param {import('node:http').ServerResponse} res
   */
  function pageParam(url, name, fallback, max, res) {
    const raw = url.searchParams.get(name);
    if (raw === null || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > max) {
      wcError(res, 400, `${name} must be an integer from 1 to ${max}`);
      return undefined;
    }
    return value;
  }

  /**
   * @template T
   * @param {readonly T[]} items
   * @param {number} perPage
   * @param {number} pageNumber
   */
  const slice = (items, perPage, pageNumber) => ({
    total: items.length,
    totalPages: Math.ceil(items.length / perPage),
    items: items.slice((pageNumber - 1) * perPage, pageNumber * perPage),
  });

  twin.route('GET', '/api/v1/leads', 'api', ({ req, res, url }) => {
    if (!guard(req, res)) return;
    const perPage = pageParam(url, 'leads_per_page', 25, 2500, res);
    if (perPage === undefined) return;
    const pageNumber = pageParam(url, 'page_number', 1, 100000, res);
    if (pageNumber === undefined) return;
    const { total, totalPages, items } = slice(WHATCONVERTS_DEMO_LEADS, perPage, pageNumber);
    sendJson(res, 200, {
      page_number: pageNumber,
      leads_per_page: perPage,
      total_pages: totalPages,
      total_leads: total,
      leads: items,
    });
  });

  twin.route('GET', '/api/v1/accounts', 'api', ({ req, res, url }) => {
    const kind = guard(req, res);
    if (!kind) return;
    if (kind !== 'master')
      return wcError(res, 403, 'Listing accounts needs a Master Account API key');
    const perPage = pageParam(url, 'accounts_per_page', 25, 250, res);
    if (perPage === undefined) return;
    const pageNumber = pageParam(url, 'page_number', 1, 100000, res);
    if (pageNumber === undefined) return;
    const { total, totalPages, items } = slice(WHATCONVERTS_DEMO_ACCOUNTS, perPage, pageNumber);
    sendJson(res, 200, {
      page_number: pageNumber,
      accounts_per_page: perPage,
      total_pages: totalPages,
      total_accounts: total,
      accounts: items,
    });
  });

  return twin.listen();
}
