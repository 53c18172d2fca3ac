import {
  TWIN_PROXY_PROVIDERS,
  twinProviders as twinProvidersAt,
  twinProxyEnv as twinProxyEnvAt,
} from '../../../sandbox/twins/app-settings.mjs';
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

/** config.json entries pointing the built-ins at the e2e twins. */
export const twinProviders = () => twinProvidersAt(TWINS);

/** The proxy's settings for CloudConvert and VideoAsk (their secrets live only there). */
export const twinProxyEnv = () => twinProxyEnvAt(TWINS);

export { TWIN_PROXY_PROVIDERS };

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
