import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  WHATCONVERTS_API_SECRET,
  WHATCONVERTS_API_TOKEN,
  WHATCONVERTS_MASTER_SECRET,
  WHATCONVERTS_MASTER_TOKEN,
  startWhatConvertsTwin,
  type WhatConvertsTwin,
} from '../../../sandbox/twins/whatconverts.mjs';
import { APP_ORIGIN, preflight } from './helpers';

let twin: WhatConvertsTwin;
// 23:59:00 UTC, so that two minutes later is another quota day.
let clock = Date.UTC(2026, 0, 10, 23, 59, 0);

beforeAll(async () => {
  twin = await startWhatConvertsTwin({ port: 0, appOrigins: [APP_ORIGIN], now: () => clock });
});
afterAll(() => twin.close());
beforeEach(() => twin.reset());

function basic(token: string, secret: string, extra: Record<string, string> = {}): RequestInit {
  return {
    headers: {
      authorization: `Basic ${Buffer.from(`${token}:${secret}`).toString('base64')}`,
      ...extra,
    },
  };
}
const profile = (extra?: Record<string, string>) =>
  basic(WHATCONVERTS_API_TOKEN, WHATCONVERTS_API_SECRET, extra);
const master = () => basic(WHATCONVERTS_MASTER_TOKEN, WHATCONVERTS_MASTER_SECRET);

describe('WhatConverts twin', () => {
  it('happy path: Basic token:secret -> leads, paged', async () => {
    const res = await fetch(`${twin.url}/api/v1/leads?leads_per_page=1&page_number=1`, profile());
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      page_number: 1,
      leads_per_page: 1,
      total_pages: 5,
      total_leads: 5,
    });
    expect(body.leads).toHaveLength(1);
    expect(body.leads[0]).toMatchObject({
      lead_id: expect.any(Number),
      lead_type: expect.any(String),
    });

    const page2 = await (
      await fetch(`${twin.url}/api/v1/leads?leads_per_page=2&page_number=3`, profile())
    ).json();
    expect(page2.leads).toHaveLength(1);
    expect((await fetch(`${twin.url}/api/v1/leads?leads_per_page=0`, profile())).status).toBe(400);
  });

  it('401 without or with wrong credentials, and never with a Bearer token', async () => {
    for (const init of [
      {},
      basic(WHATCONVERTS_API_TOKEN, 'wrong'),
      { headers: { authorization: `Bearer ${WHATCONVERTS_API_TOKEN}` } },
    ]) {
      const res = await fetch(`${twin.url}/api/v1/leads`, init);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBeNull();
      expect(await res.json()).toHaveProperty('error_message');
    }
  });

  it('/accounts needs a master key', async () => {
    const denied = await fetch(`${twin.url}/api/v1/accounts?accounts_per_page=1`, profile());
    expect(denied.status).toBe(403);
    const ok = await fetch(`${twin.url}/api/v1/accounts?accounts_per_page=1`, master());
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      total_accounts: 1,
      accounts: [{ account_name: 'Demo Client' }],
    });
  });

  it('daily quota: 429 when exceeded, per key, reset at midnight UTC', async () => {
    twin.configure({ dailyLimit: 3 });
    const call = () => fetch(`${twin.url}/api/v1/leads?leads_per_page=1`, profile());
    for (const remaining of ['2', '1', '0']) {
      const res = await call();
      expect(res.status).toBe(200);
      expect(res.headers.get('x-twin-quota-remaining')).toBe(remaining);
    }
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toHaveProperty('error_message');
    // The master key has its own count.
    expect((await fetch(`${twin.url}/api/v1/leads`, master())).status).toBe(200);
    clock += 60_000; // 00:00:00 UTC the next day
    expect((await call()).status).toBe(200);
    expect(twin.stats().rateLimited).toBe(1);
  });

  it('at most 20 concurrent requests', async () => {
    twin.configure({ latencyMs: 150 });
    const answers = await Promise.all(
      Array.from({ length: 25 }, () =>
        fetch(`${twin.url}/api/v1/leads?leads_per_page=1`, profile()),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    await Promise.all(answers.map((r) => r.arrayBuffer()));
    // Once they are done, there is room again.
    expect((await fetch(`${twin.url}/api/v1/leads`, profile())).status).toBe(200);
  });

  it('CORS on and off; stats count API calls', async () => {
    const pre = await preflight(`${twin.url}/api/v1/leads`, APP_ORIGIN);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const res = await fetch(`${twin.url}/api/v1/leads`, profile({ origin: APP_ORIGIN }));
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toContain('x-twin-quota-remaining');

    const off = await startWhatConvertsTwin({ port: 0, appOrigins: [APP_ORIGIN], cors: false });
    try {
      const answer = await fetch(
        `${off.url}/api/v1/leads`,
        basic(WHATCONVERTS_API_TOKEN, WHATCONVERTS_API_SECRET, { origin: APP_ORIGIN }),
      );
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await off.close();
    }
    expect(twin.stats()).toMatchObject({ apiCalls: 1, preflights: 1 });
  });
});
