/**
 * How Keyfob is pointed at the twins: the config.json entries that override every endpoint of the
 * four built-ins, and the proxy's environment holding the two confidential twins' secrets. One
 * place, used by `npm run start:twins` and by the end-to-end setup.
 */
import { CLOUDCONVERT_CLIENT_ID, CLOUDCONVERT_CLIENT_SECRET } from './cloudconvert.mjs';
import { CONVERT_CLIENT_ID } from './convert.mjs';
import { VIDEOASK_CLIENT_ID, VIDEOASK_CLIENT_SECRET } from './videoask.mjs';

/** The provider ids the proxy serves for the twins. */
export const TWIN_PROXY_PROVIDERS = Object.freeze(['cloudconvert', 'videoask']);

/** @param {{ convert: string, cloudconvert: string, videoask: string, whatconverts: string }} urls */
export function twinProviders(urls) {
  return {
    convert: {
      clientId: CONVERT_CLIENT_ID,
      authorizationEndpoint: `${urls.convert}/auth/oauth/authorize`,
      tokenEndpoint: `${urls.convert}/api/v2/auth/oauth/token`,
      apiBaseUrl: `${urls.convert}/api/v2`,
    },
    cloudconvert: {
      clientId: CLOUDCONVERT_CLIENT_ID,
      useProxy: true,
      authorizationEndpoint: `${urls.cloudconvert}/oauth/authorize`,
      tokenEndpoint: `${urls.cloudconvert}/oauth/token`,
      apiBaseUrl: urls.cloudconvert,
    },
    videoask: {
      clientId: VIDEOASK_CLIENT_ID,
      useProxy: true,
      authorizationEndpoint: `${urls.videoask}/authorize`,
      tokenEndpoint: `${urls.videoask}/oauth/token`,
      revocationEndpoint: `${urls.videoask}/oauth/revoke`,
      apiBaseUrl: urls.videoask,
    },
    whatconverts: { apiBaseUrl: `${urls.whatconverts}/api/v1` },
  };
}

/** @param {{ cloudconvert: string, videoask: string }} urls */
export function twinProxyEnv(urls) {
  return {
    KEYFOB_CLOUDCONVERT_CLIENT_ID: CLOUDCONVERT_CLIENT_ID,
    KEYFOB_CLOUDCONVERT_CLIENT_SECRET: CLOUDCONVERT_CLIENT_SECRET,
    KEYFOB_CLOUDCONVERT_TOKEN_URL: `${urls.cloudconvert}/oauth/token`,
    KEYFOB_VIDEOASK_CLIENT_ID: VIDEOASK_CLIENT_ID,
    KEYFOB_VIDEOASK_CLIENT_SECRET: VIDEOASK_CLIENT_SECRET,
    KEYFOB_VIDEOASK_TOKEN_URL: `${urls.videoask}/oauth/token`,
    KEYFOB_VIDEOASK_REVOKE_URL: `${urls.videoask}/oauth/revoke`,
  };
}
