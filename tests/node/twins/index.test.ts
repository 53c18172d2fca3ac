import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_TWIN_PORTS,
  startConvertTwin,
  startTwins,
  type Twins,
} from '../../../sandbox/twins/index.mjs';
import { APP_ORIGIN, json } from './helpers';

let twins: Twins;

beforeAll(async () => {
  // Port 0 everywhere: the fixed ports may be taken by a running `npm start`.
  twins = await startTwins({
    appOrigins: [APP_ORIGIN],
    ports: { convert: 0, cloudconvert: 0, videoask: 0, whatconverts: 0 },
    whatconverts: { dailyLimit: 5 },
  });
});
afterAll(() => twins.close());

describe('startTwins and the /__twin hooks', () => {
  it('starts all four on loopback with the given options', async () => {
    expect(DEFAULT_TWIN_PORTS).toEqual({
      convert: 9021,
      cloudconvert: 9022,
      videoask: 9023,
      whatconverts: 9024,
    });
    for (const twin of [twins.convert, twins.cloudconvert, twins.videoask, twins.whatconverts]) {
      expect(twin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(twin.settings.appOrigins).toEqual([APP_ORIGIN]);
      expect(twin.settings.redirectUris).toEqual([`${APP_ORIGIN}/callback/${twin.name}`]);
      const stats = await (await fetch(`${twin.url}/__twin/stats`)).json();
      expect(stats).toMatchObject({ apiCalls: 0, revocations: 0, tokenRequests: {} });
    }
    expect(twins.whatconverts.settings.dailyLimit).toBe(5);
  });

  it('refuses a host other than 127.0.0.1', async () => {
    // @ts-expect-error the type allows only loopback, and so does the twin
    await expect(startConvertTwin({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1/);
  });

  it('outage: the next requests fail with the chosen status, then it recovers', async () => {
    const { videoask } = twins;
    await fetch(`${videoask.url}/__twin/outage`, json({ status: 502, count: 2 }));
    expect((await fetch(`${videoask.url}/me`)).status).toBe(502);
    expect((await fetch(`${videoask.url}/oauth/token`, json({}))).status).toBe(502);
    expect((await fetch(`${videoask.url}/me`)).status).toBe(401);
    videoask.startOutage();
    expect((await fetch(`${videoask.url}/me`)).status).toBe(503);
    await fetch(`${videoask.url}/__twin/outage/end`, { method: 'POST' });
    expect((await fetch(`${videoask.url}/me`)).status).toBe(401);
  });

  it('config refuses unknown settings; advance moves the clock; revoke-all kills every token', async () => {
    const { cloudconvert } = twins;
    const bad = await fetch(`${cloudconvert.url}/__twin/config`, json({ nope: 1 }));
    expect(bad.status).toBe(400);
    const ok = await fetch(`${cloudconvert.url}/__twin/config`, json({ accessTokenTtl: 5 }));
    expect(await ok.json()).toMatchObject({ accessTokenTtl: 5 });

    const store = cloudconvert.state.store;
    expect(store.accessTokens.size).toBe(0);
    const before = Date.now();
    const advanced = await (
      await fetch(`${cloudconvert.url}/__twin/advance`, json({ seconds: 3600 }))
    ).json();
    expect(advanced.now).toBeGreaterThanOrEqual(before + 3_600_000);
    expect((await fetch(`${cloudconvert.url}/__twin/revoke-all`, { method: 'POST' })).status).toBe(
      204,
    );
    cloudconvert.reset();
    expect(cloudconvert.settings.accessTokenTtl).toBe(3600);
  });
});
