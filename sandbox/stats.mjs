/**
 * Counters of what reached the sandbox, for end-to-end tests that assert on the wire ("the code
 * was exchanged once", "the rotated refresh token was never replayed"). Only counts: no token,
 * code or secret is ever kept or logged here.
 */

export function emptyStats() {
  return {
    /** Token requests by grant_type, successful or not. */
    token: { authorization_code: 0, refresh_token: 0 },
    /** Token endpoint errors by OAuth error code (invalid_grant, invalid_client, ...). */
    tokenErrors: {},
    /** Revocation requests (POST), whatever their outcome. */
    revocation: 0,
    /** GET /api/me requests, whatever their outcome. */
    api: 0,
  };
}

/**
 * Counts token requests through oidc-provider's events: they fire after the grant handler ran or
 * failed, including client authentication failures, which a pre-route middleware could not tell.
 * @param {import('oidc-provider').default} provider
 * @param {ReturnType<typeof emptyStats>} stats the object to mutate (reset replaces its fields)
 */
export function countTokenRequests(provider, stats) {
  const grantType = (ctx) => String(ctx.oidc?.params?.grant_type ?? 'unknown');
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
    console.error(`sandbox: server error on ${ctx?.method ?? '?'} ${ctx?.path ?? '?'}: ${err?.message ?? err}`);
  });
}
