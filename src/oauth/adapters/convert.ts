import type { FetchLike } from '../http';

/**
 * Convert's token endpoint differs from RFC 6749 in three ways (docs/providers.md): it takes a
 * JSON body, answers `expires_at` (absolute, seconds) instead of `expires_in`, and `scope` is an
 * object listing the granted accounts and projects. oauth4webapi rightly rejects that, so this
 * adapter sits in its customFetch: it re-encodes the request as JSON (only when talking to Convert
 * directly; the proxy encodes for it) and rewrites the answer into a standard token response,
 * moving the object scope to `keyfob_grant` where the connection page reads it.
 */
export function convertTokenFetch(
  next: FetchLike,
  options: { now: () => number; direct: boolean },
): FetchLike {
  return async (input, init) => {
    let body = init?.body;
    const headers = new Headers(init?.headers);
    if (options.direct && body instanceof URLSearchParams) {
      body = JSON.stringify(Object.fromEntries(body));
      headers.set('content-type', 'application/json');
    }
    const response = await next(input, { ...init, body, headers });
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json'))
      return response;
    const json = (await response.json()) as Record<string, unknown>;
    return Response.json(normaliseConvertTokenResponse(json, options.now()), {
      status: response.status,
      headers: { 'cache-control': 'no-store' },
    });
  };
}

export function normaliseConvertTokenResponse(
  json: Record<string, unknown>,
  nowMs: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...json };
  if (typeof json.token_type === 'string') out.token_type = json.token_type;
  else out.token_type = 'bearer';
  if (out.expires_in === undefined && typeof json.expires_at === 'number') {
    out.expires_in = Math.max(0, Math.floor(json.expires_at - nowMs / 1000));
  }
  delete out.expires_at;
  if (json.scope !== undefined && typeof json.scope !== 'string') {
    out.keyfob_grant = json.scope;
    out.scope = 'selected_accounts_projects';
  }
  return out;
}
