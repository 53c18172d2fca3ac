/**
 * The tiny in-memory store behind every OAuth twin: authorization codes, access tokens and refresh
 * tokens, each a plain record in a Map so that tests can look inside (`twin.state`). Nothing is
 * persisted: a restarted twin has forgotten every grant, as a real provider that revoked
 * everything would have.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Authorization codes live 60 s (the brief; RFC 6749 4.1.2 recommends at most 10 minutes). */
export const CODE_TTL_SECONDS = 60;

/**
 * @typedef {object} CodeRecord
 * @property {string} clientId
 * @property {string} redirectUri the redirect URI the code was sent to
 * @property {boolean} redirectUriSent whether the authorize request named it explicitly
 * @property {string[]} scope granted scopes
 * @property {string | undefined} codeChallenge
 * @property {'S256' | 'plain' | undefined} codeChallengeMethod
 * @property {number} expiresAt epoch ms
 * @property {boolean} used a redeemed code stays here so a replay is told apart from a typo
 * @property {Record<string, unknown>} grant provider-specific data granted with the code
 */

/**
 * @typedef {object} AccessTokenRecord
 * @property {string} clientId
 * @property {string[]} scope
 * @property {number} expiresAt epoch ms; Infinity for API keys
 * @property {boolean} revoked
 * @property {string | undefined} refreshToken the refresh token this one came with or from
 * @property {Record<string, unknown>} grant
 */

/**
 * @typedef {object} RefreshTokenRecord
 * @property {string} clientId
 * @property {string[]} scope
 * @property {number} expiresAt epoch ms; Infinity when refresh tokens do not expire
 * @property {boolean} revoked
 * @property {Record<string, unknown>} grant
 */

/**
 * A random opaque token with a readable prefix, so a log line shows which twin and kind it is.
 * @param {string} prefix
 */
export function randomToken(prefix) {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/**
 * Compares two strings without leaking where they differ. Twins are test servers, but the habit
 * costs nothing and keeps copy-paste into real code safe.
 * @param {string} a
 * @param {string} b
 */
export function safeEqual(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * RFC 7636 4.6: does `verifier` match the recorded challenge?
 * @param {string} verifier
 * @param {string} challenge
 * @param {'S256' | 'plain'} method
 */
export function verifyPkce(verifier, challenge, method) {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  const computed =
    method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return safeEqual(computed, challenge);
}

/**
 * @param {string} prefix token prefix, e.g. "cc"
 * @param {() => number} now the twin's clock (epoch ms)
 */
export function createStore(prefix, now) {
  /** @type {Map<string, CodeRecord>} */
  const codes = new Map();
  /** @type {Map<string, AccessTokenRecord>} */
  const accessTokens = new Map();
  /** @type {Map<string, RefreshTokenRecord>} */
  const refreshTokens = new Map();

  return {
    codes,
    accessTokens,
    refreshTokens,

    /**
     * @param {Omit<CodeRecord, 'expiresAt' | 'used'>} record
     * @returns {string}
     */
    createCode(record) {
      const code = randomToken(`${prefix}_code`);
      codes.set(code, { ...record, expiresAt: now() + CODE_TTL_SECONDS * 1000, used: false });
      return code;
    },

    /**
     * Takes a code for redemption, exactly once.
     * @param {string} code
     * @returns {{ record: CodeRecord } | { error: string }}
     */
    takeCode(code) {
      const record = codes.get(code);
      if (!record) return { error: 'unknown authorization code' };
      if (record.used) return { error: 'authorization code already used' };
      record.used = true;
      if (record.expiresAt <= now()) return { error: 'authorization code expired' };
      return { record };
    },

    /**
     * @param {{ clientId: string, scope: string[], ttlSeconds: number,
     *   refreshToken?: string, grant: Record<string, unknown> }} input
     */
    issueAccessToken({ clientId, scope, ttlSeconds, refreshToken, grant }) {
      const token = randomToken(`${prefix}_at`);
      const expiresAt = now() + ttlSeconds * 1000;
      accessTokens.set(token, { clientId, scope, expiresAt, revoked: false, refreshToken, grant });
      return { token, expiresAt };
    },

    /**
     * @param {{ clientId: string, scope: string[], ttlSeconds: number,
     *   grant: Record<string, unknown> }} input
     */
    issueRefreshToken({ clientId, scope, ttlSeconds, grant }) {
      const token = randomToken(`${prefix}_rt`);
      const expiresAt = Number.isFinite(ttlSeconds) ? now() + ttlSeconds * 1000 : Infinity;
      refreshTokens.set(token, { clientId, scope, expiresAt, revoked: false, grant });
      return token;
    },

    /**
     * Looks up an access token; the reason tells a test why it was refused.
     * @param {string | undefined} token
     * @returns {{ record: AccessTokenRecord } | { reason: 'missing' | 'unknown' | 'expired' | 'revoked' }}
     */
    checkAccessToken(token) {
      if (!token) return { reason: 'missing' };
      const record = accessTokens.get(token);
      if (!record) return { reason: 'unknown' };
      if (record.revoked) return { reason: 'revoked' };
      if (record.expiresAt <= now()) return { reason: 'expired' };
      return { record };
    },

    /**
     * @param {string | undefined} token
     * @returns {{ record: RefreshTokenRecord } | { reason: 'missing' | 'unknown' | 'expired' | 'revoked' }}
     */
    checkRefreshToken(token) {
      if (!token) return { reason: 'missing' };
      const record = refreshTokens.get(token);
      if (!record) return { reason: 'unknown' };
      if (record.revoked) return { reason: 'revoked' };
      if (record.expiresAt <= now()) return { reason: 'expired' };
      return { record };
    },

    /**
     * The test hook behind `POST /__twin/expire-all`: every access token issued so far (and with
     * `refresh`, every refresh token) is expired as of now. Tokens issued later are fresh.
     * @param {{ refresh?: boolean }} [options]
     */
    expireAll({ refresh = false } = {}) {
      const past = now() - 1;
      for (const record of accessTokens.values())
        record.expiresAt = Math.min(record.expiresAt, past);
      if (refresh)
        for (const record of refreshTokens.values())
          record.expiresAt = Math.min(record.expiresAt, past);
    },

    /** The test hook behind `POST /__twin/revoke-all`: the user removed the app at the provider. */
    revokeAll() {
      for (const record of accessTokens.values()) record.revoked = true;
      for (const record of refreshTokens.values()) record.revoked = true;
    },

    clear() {
      codes.clear();
      accessTokens.clear();
      refreshTokens.clear();
    },
  };
}

/** @typedef {ReturnType<typeof createStore>} Store */
