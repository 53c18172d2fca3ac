/**
 * Counters of what reached the sandbox, for end-to-end tests that assert on the wire ("the code
 * was exchanged once", "the rotated refresh token was never replayed"). Only counts: no token,
 * code or secret is ever kept or logged here.
 */

/**
 * @typedef {object} SandboxStats
 * @property {Record<string, number> & { authorization_code: number, refresh_token: number }} token
 *   token requests by grant_type, successful or not
 * @property {Record<string, number>} tokenErrors token endpoint errors by OAuth error code
 *   (invalid_grant, invalid_client, ...)
 * @property {number} revocation revocation requests (POST), whatever their outcome
 * @property {number} api GET /api/me requests, whatever their outcome
 */

/** @returns {SandboxStats} */
export function emptyStats() {
  return {
    token: { authorization_code: 0, refresh_token: 0 },
    tokenErrors: {},
    revocation: 0,
    api: 0,
  };
}

/**
 * Counts token requests through oidc-provider's events: they fire after the grant handler ran or
 * failed, including client authentication failures, which a pre-route middleware could not tell.
 * @param {import('oidc-provider').default} provider
 * @param {SandboxStats} stats the object to mutate (reset replaces its fields)
 */
export function countTokenRequests(provider, stats) {
  /** @param {import('oidc-provider').KoaContextWithOIDC} ctx */
  const grantType = (ctx) => String(ctx.oidc?.params?.grant_type ?? 'unknown');
  /** @param {Record<string, number>} map @param {string} key */
  const bump = (map, key) => {
    map[key] = (map[key] ?? 0) + 1;
  };
  provider.on('grant.success', (ctx) => bump(stats.token, grantType(ctx)));
  provider.on('grant.error', (ctx, err) => {
    bump(stats.token, grantType(ctx));
    bump(stats.tokenErrors, String(err?.error ?? 'server_error'));
    // Keyfob's browser-access probe posts a bare grant_type (no code, no client) on every connect
    // page: counted, but not logged as a failure, so `npm start` prints only what helps.
    const params = ctx.oidc?.params;
    if (!params?.code && !params?.refresh_token) return;
    console.error(`sandbox: token request failed: ${err?.error ?? 'error'} (${err?.error_detail ?? err?.error_description ?? ''})`);
  });
  provider.on('server_error', (ctx, err) => {
    if (ctx?.oidc?.route === 'token') {
      bump(stats.token, grantType(ctx));
      bump(stats.tokenErrors, 'server_error');
    }
    console.error(`sandbox: server error on ${ctx?.method ?? '?'} ${ctx?.path ?? '?'}: ${messageOf(err)}`);
  });
}

/**
 * What a log line says about a thrown value: its message, or the value itself.
 * @param {unknown} err
 */
export function messageOf(err) {
  return /** @type {{ message?: unknown } | null | undefined} */ (err)?.message ?? err;
}
