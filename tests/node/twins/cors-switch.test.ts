import { describe, expect, it } from 'vitest';
import { startTwins, twinsOptionsFromEnv } from '../../../sandbox/twins/index.mjs';

const APP_ORIGIN = 'http://127.0.0.1:5173';
const ports = { convert: 0, cloudconvert: 0, videoask: 0, whatconverts: 0 };

async function allowOrigin(url: string): Promise<string | null> {
  const response = await fetch(url, {
    method: 'OPTIONS',
    headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST' },
  });
  await response.arrayBuffer();
  return response.headers.get('access-control-allow-origin');
}

describe('the twins CORS switch', () => {
  it('startTwins({ cors: false }) turns CORS off on every twin; the default keeps it on', async () => {
    for (const [cors, expected] of [
      [undefined, APP_ORIGIN],
      [false, null],
    ] as const) {
      const twins = await startTwins({
        appOrigins: [APP_ORIGIN],
        ports,
        ...(cors === undefined ? {} : { cors }),
      });
      try {
        expect(await allowOrigin(`${twins.convert.url}/api/v2/auth/oauth/token`)).toBe(expected);
        expect(await allowOrigin(`${twins.cloudconvert.url}/oauth/token`)).toBe(expected);
        expect(await allowOrigin(`${twins.videoask.url}/oauth/token`)).toBe(expected);
      } finally {
        await twins.close();
      }
    }
  });

  it('KEYFOB_TWINS_CORS=0 asks for the same when the twins run on their own', () => {
    expect(twinsOptionsFromEnv({ KEYFOB_TWINS_CORS: '0' })).toEqual({ cors: false });
    expect(twinsOptionsFromEnv({ KEYFOB_TWINS_CORS: '1' })).toEqual({});
    expect(twinsOptionsFromEnv({ KEYFOB_APP_ORIGINS: `${APP_ORIGIN}, http://x:1` })).toEqual({
      appOrigins: [APP_ORIGIN, 'http://x:1'],
    });
  });
});
