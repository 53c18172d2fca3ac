import { startTwins } from '../../../sandbox/twins/index.mjs';
import { E2E, portOf } from './ports';

/**
 * The provider twins for the end-to-end run, on ports of their own (`npm start` may hold the
 * default 9021-9024), and the settings that point the built-in providers at them: config.json
 * entries for the app and the proxy's environment for the two confidential clients.
 */
export const TWINS = {
  convert: 'http://127.0.0.1:9131',
  cloudconvert: 'http://127.0.0.1:9132',
  videoask: 'http://127.0.0.1:9133',
  whatconverts: 'http://127.0.0.1:9134',
} as const;

/** The twins' fixed credentials (sandbox/twins/README.md). */
export const TWIN_CREDENTIALS = {
  cloudconvertApiKey: 'cc-twin-api-key',
  cloudconvertSecret: 'cloudconvert-twin-secret',
  videoaskSecret: 'videoask-twin-secret',
  whatconvertsToken: 'wc-twin-token',
  whatconvertsSecret: 'wc-twin-secret',
} as const;

/** config.json entries: every endpoint of the four built-ins overridden to its twin. */
export function twinProviders() {
  return {
    convert: {
      clientId: 'convert-twin-client',
      authorizationEndpoint: `${TWINS.convert}/auth/oauth/authorize`,
      tokenEndpoint: `${TWINS.convert}/api/v2/auth/oauth/token`,
      apiBaseUrl: `${TWINS.convert}/api/v2`,
    },
    cloudconvert: {
      clientId: 'cloudconvert-twin-client',
      useProxy: true,
      authorizationEndpoint: `${TWINS.cloudconvert}/oauth/authorize`,
      tokenEndpoint: `${TWINS.cloudconvert}/oauth/token`,
      apiBaseUrl: TWINS.cloudconvert,
    },
    videoask: {
      clientId: 'videoask-twin-client',
      useProxy: true,
      authorizationEndpoint: `${TWINS.videoask}/authorize`,
      tokenEndpoint: `${TWINS.videoask}/oauth/token`,
      revocationEndpoint: `${TWINS.videoask}/oauth/revoke`,
      apiBaseUrl: TWINS.videoask,
    },
    whatconverts: {
      apiBaseUrl: `${TWINS.whatconverts}/api/v1`,
    },
  };
}

/** The proxy's settings for CloudConvert and VideoAsk (their secrets live only here). */
export function twinProxyEnv(): Record<string, string> {
  return {
    KEYFOB_CLOUDCONVERT_CLIENT_ID: 'cloudconvert-twin-client',
    KEYFOB_CLOUDCONVERT_CLIENT_SECRET: TWIN_CREDENTIALS.cloudconvertSecret,
    KEYFOB_CLOUDCONVERT_TOKEN_URL: `${TWINS.cloudconvert}/oauth/token`,
    KEYFOB_VIDEOASK_CLIENT_ID: 'videoask-twin-client',
    KEYFOB_VIDEOASK_CLIENT_SECRET: TWIN_CREDENTIALS.videoaskSecret,
    KEYFOB_VIDEOASK_TOKEN_URL: `${TWINS.videoask}/oauth/token`,
    KEYFOB_VIDEOASK_REVOKE_URL: `${TWINS.videoask}/oauth/revoke`,
  };
}

/** The provider ids the proxy serves for the twins. */
export const TWIN_PROXY_PROVIDERS = ['cloudconvert', 'videoask'] as const;

export function startE2eTwins() {
  return startTwins({
    appOrigins: [E2E.app],
    ports: {
      convert: portOf(TWINS.convert),
      cloudconvert: portOf(TWINS.cloudconvert),
      videoask: portOf(TWINS.videoask),
      whatconverts: portOf(TWINS.whatconverts),
    },
  });
}
