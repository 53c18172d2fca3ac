/**
 * Starts the four provider twins together on fixed ports, for `npm start`, e2e tests and manual
 * poking. Run directly (`node sandbox/twins/index.mjs`) it prints the URLs and runs until Ctrl-C;
 * KEYFOB_APP_ORIGINS (comma-separated) sets the allowed app origins.
 */
import { pathToFileURL } from 'node:url';
import { CLOUDCONVERT_DEFAULT_PORT, startCloudConvertTwin } from './cloudconvert.mjs';
import { CONVERT_DEFAULT_PORT, startConvertTwin } from './convert.mjs';
import { DEFAULT_APP_ORIGINS } from './lib/twin.mjs';
import { VIDEOASK_DEFAULT_PORT, startVideoAskTwin } from './videoask.mjs';
import { WHATCONVERTS_DEFAULT_PORT, startWhatConvertsTwin } from './whatconverts.mjs';

export { startCloudConvertTwin } from './cloudconvert.mjs';
export { startConvertTwin } from './convert.mjs';
export { startVideoAskTwin } from './videoask.mjs';
export { startWhatConvertsTwin } from './whatconverts.mjs';
export { DEFAULT_APP_ORIGINS } from './lib/twin.mjs';

export const DEFAULT_TWIN_PORTS = Object.freeze({
  convert: CONVERT_DEFAULT_PORT,
  cloudconvert: CLOUDCONVERT_DEFAULT_PORT,
  videoask: VIDEOASK_DEFAULT_PORT,
  whatconverts: WHATCONVERTS_DEFAULT_PORT,
});

/**
 * One twin's options inside `startTwins`, which sets port and app origins for all of them.
 * @template T
 * @typedef {Omit<T, 'port' | 'appOrigins'>} PerTwin
 */

/**
 * @typedef {object} StartTwinsOptions
 * @property {readonly string[]} [appOrigins]
 * @property {readonly string[]} [redirectUris]
 * @property {boolean} [cors] `false` starts every twin without CORS headers (as
 *   KEYFOB_TWINS_CORS=0 does when run directly)
 * @property {Partial<Record<keyof typeof DEFAULT_TWIN_PORTS, number>>} [ports] override any fixed
 *   port (0 = a free one)
 * @property {PerTwin<import('./convert.mjs').ConvertTwinOptions>} [convert]
 * @property {PerTwin<import('./cloudconvert.mjs').CloudConvertTwinOptions>} [cloudconvert]
 * @property {PerTwin<import('./videoask.mjs').VideoAskTwinOptions>} [videoask]
 * @property {PerTwin<import('./whatconverts.mjs').WhatConvertsTwinOptions>} [whatconverts]
 */

/**
 * @typedef {object} Twins
 * @property {import('./convert.mjs').ConvertTwin} convert
 * @property {import('./cloudconvert.mjs').CloudConvertTwin} cloudconvert
 * @property {import('./videoask.mjs').VideoAskTwin} videoask
 * @property {import('./whatconverts.mjs').WhatConvertsTwin} whatconverts
 * @property {() => Promise<void>} close
 */

/**
 * @param {StartTwinsOptions} [options]
 * @returns {Promise<Twins>}
 */
export async function startTwins(options = {}) {
  const appOrigins = options.appOrigins ?? [...DEFAULT_APP_ORIGINS];
  const ports = { ...DEFAULT_TWIN_PORTS, ...options.ports };
  const common = {
    appOrigins,
    ...(options.redirectUris ? { redirectUris: options.redirectUris } : {}),
    ...(options.cors === false ? { cors: false } : {}),
  };
  /** @type {Array<{ close(): Promise<void> }>} */
  const started = [];
  /**
   * @template {{ close(): Promise<void> }} T
   * @param {Promise<T>} starting
   */
  const track = async (starting) => {
    const twin = await starting;
    started.push(twin);
    return twin;
  };
  try {
    const convert = await track(
      startConvertTwin({ ...common, ...options.convert, port: ports.convert }),
    );
    const cloudconvert = await track(
      startCloudConvertTwin({ ...common, ...options.cloudconvert, port: ports.cloudconvert }),
    );
    const videoask = await track(
      startVideoAskTwin({ ...common, ...options.videoask, port: ports.videoask }),
    );
    const whatconverts = await track(
      startWhatConvertsTwin({ ...common, ...options.whatconverts, port: ports.whatconverts }),
    );
    return {
      convert,
      cloudconvert,
      videoask,
      whatconverts,
      close: async () => {
        await Promise.all(started.map((twin) => twin.close()));
      },
    };
  } catch (error) {
    // A port in use must not leave the others running.
    await Promise.all(started.map((twin) => twin.close()));
    throw error;
  }
}

/**
 * What running the twins directly reads from the environment: KEYFOB_APP_ORIGINS (comma-separated)
 * and KEYFOB_TWINS_CORS=0, which starts every twin without CORS headers, like many real token
 * endpoints.
 * @param {Record<string, string | undefined>} env
 * @returns {StartTwinsOptions}
 */
export function twinsOptionsFromEnv(env) {
  const origins = env.KEYFOB_APP_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    ...(origins?.length ? { appOrigins: origins } : {}),
    ...(env.KEYFOB_TWINS_CORS?.trim() === '0' ? { cors: false } : {}),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = twinsOptionsFromEnv(process.env);
  const fromEnv = options.appOrigins;
  const cors = options.cors !== false;
  const twins = await startTwins(options);
  for (const name of /** @type {const} */ ([
    'convert',
    'cloudconvert',
    'videoask',
    'whatconverts',
  ])) {
    console.log(`${name.padEnd(12)} ${twins[name].url}`);
  }
  console.log(`app origins  ${(fromEnv?.length ? fromEnv : DEFAULT_APP_ORIGINS).join(', ')}`);
  if (!cors) console.log('cors         off (KEYFOB_TWINS_CORS=0)');
  const stop = () => {
    twins.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
