/**
 * Code redemption shared by the OAuth twins' token endpoints: one-time, expiring codes bound to a
 * client, a redirect URI and (when one was sent) a PKCE challenge. Each provider file wraps the
 * outcome in its own error format.
 */
import { verifyPkce } from './store.mjs';

/**
 * @typedef {'required' | 'if-sent-at-authorize' | 'optional'} RedirectUriRule
 * required: the code grant must repeat redirect_uri (CloudConvert);
 * if-sent-at-authorize: RFC 6749 4.1.3 (VideoAsk / Auth0);
 * optional: may be left out, but must match when sent (Convert's example sends none).
 */

/**
 * @param {import('./twin.mjs').Twin<{ clientId: string }>} twin
 * @param {{ code: string | undefined, clientId: string, redirectUri: string | undefined,
 *   codeVerifier: string | undefined, redirectUriRule: RedirectUriRule }} input
 * @returns {{ record: import('./store.mjs').CodeRecord } | { error: string, description: string }}
 */
export function redeemCode(twin, { code, clientId, redirectUri, codeVerifier, redirectUriRule }) {
  if (!code) return { error: 'invalid_request', description: 'code missing' };
  const taken = twin.store.takeCode(code);
  if ('error' in taken) return { error: 'invalid_grant', description: taken.error };
  const { record } = taken;
  if (record.clientId !== clientId) {
    return { error: 'invalid_grant', description: 'the code was issued to another client' };
  }
  const mustRepeat =
    redirectUriRule === 'required' ||
    (redirectUriRule === 'if-sent-at-authorize' && record.redirectUriSent);
  if (redirectUri === undefined && mustRepeat) {
    return { error: 'invalid_grant', description: 'redirect_uri missing' };
  }
  if (redirectUri !== undefined && redirectUri !== record.redirectUri) {
    return {
      error: 'invalid_grant',
      description: 'redirect_uri does not match the authorization request',
    };
  }
  if (record.codeChallenge !== undefined) {
    if (!codeVerifier) return { error: 'invalid_grant', description: 'code_verifier missing' };
    if (!verifyPkce(codeVerifier, record.codeChallenge, record.codeChallengeMethod ?? 'S256')) {
      return {
        error: 'invalid_grant',
        description: 'code_verifier does not match the code_challenge',
      };
    }
  }
  return { record };
}
