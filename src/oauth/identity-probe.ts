import type { ResolvedProvider } from '../config/resolve';
import type { Details } from '../providers/types';
import { apiUrl } from './api-url';
import { credentialHeaders } from './credentials';
import { ErrorCode, KeyfobError } from './errors';
import { providerHttpError, type FetchLike } from './http';
import type { Credential, Identity } from './types';

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** The provider's own words from an error body: `message`, `detail` or `error_message`. */
function providerMessage(body: unknown): string | undefined {
  const b = body as { message?: unknown; detail?: unknown; error_message?: unknown } | null;
  const text = b?.message ?? b?.detail ?? b?.error_message;
  return typeof text === 'string' ? text : undefined;
}

/** A failed identity answer as a typed error: refused (401/403), rate limited, or other. */
function refusal(
  provider: ResolvedProvider,
  credential: Credential,
  response: Response,
  body: unknown,
  now: () => number,
): KeyfobError {
  const said = providerMessage(body);
  const details = { status: response.status, body, providerId: provider.id };
  const what = credential.kind === 'oauth' ? 'access token' : 'key';
  if (response.status === 401 || response.status === 403) {
    return new KeyfobError(
      credential.kind === 'oauth' ? ErrorCode.NEEDS_RECONNECT : ErrorCode.KEY_REFUSED,
      `The ${what} was refused by ${provider.name} (HTTP ${response.status}${said ? `: ${said}` : ''}).` +
        (credential.kind === 'oauth'
          ? ' It expired or was revoked: reconnect.'
          : ' Check that you copied it whole and that it may read this account.'),
      details,
    );
  }
  return providerHttpError(provider, response, body, said, now());
}

/**
 * Asks the provider's API who a credential belongs to, with the catalog's identity probe (and its
 * follow-up requests, e.g. VideoAsk's organizations), and throws a typed error when the provider
 * refuses it: KEY_REFUSED for an API key, NEEDS_RECONNECT for a token, RATE_LIMITED, PROVIDER_ERROR,
 * and CORS_BLOCKED, OFFLINE, UNREACHABLE or TIMEOUT (from the injected fetch, see http.ts). This is
 * how an API key is checked before it is saved.
 * Returns undefined when the provider has no way to ask (no probe, or no API base URL).
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export async function checkIdentity(
  provider: ResolvedProvider,
  credential: Credential,
  fetchImpl: FetchLike,
  options: ProbeOptions,
): Promise<Identity | undefined> {
  return probeWith(provider, credential, directGet(provider, credential, fetchImpl), options);
}

export interface ProbeOptions {
  /** The token response's grant, for a probe whose path depends on it (Convert's account). */
  grant?: unknown;
  /** The injected clock: a Retry-After date becomes seconds from now. */
  now: () => number;
}

/** GETs a path under the provider's API with the credential, answering with any status. */
export type ProbeGet = (path: string) => Promise<Response>;

/** A ProbeGet that sends the credential as it is, with no refresh (a key being checked, a fresh token). */
export function directGet(
  provider: ResolvedProvider,
  credential: Credential,
  fetchImpl: FetchLike,
): ProbeGet {
  const headers = { accept: 'application/json', ...credentialHeaders(credential) };
  return (path) => fetchImpl(apiUrl(provider, path), { headers });
}

/**
 * The identity probe over any way of sending the GETs (straight with the credential, or through
 * authorizedFetch, which also refreshes): the catalog's request, its follow-ups, typed refusals.
 */
export async function probeWith(
  provider: ResolvedProvider,
  credential: Credential,
  get: ProbeGet,
  { grant, now }: ProbeOptions,
): Promise<Identity | undefined> {
  const probe = provider.identity;
  if (!probe || !provider.apiBaseUrl) return undefined;
  const path = typeof probe.path === 'function' ? probe.path(grant) : probe.path;
  if (path === undefined) return undefined;
  const response = await get(path);
  const body = await readJson(response);
  if (!response.ok) throw refusal(provider, credential, response, body, now);
  const data =
    (body as { data?: Record<string, unknown> } | null)?.data ??
    (body as Record<string, unknown> | null) ??
    undefined;
  const details: Details = { ...probe.details?.(body) };
  for (const more of probe.more ?? []) {
    try {
      const answer = await get(more.path);
      Object.assign(details, more.details(await readJson(answer), answer.status));
    } catch {
      // A follow-up only adds facts; the credential already proved itself.
    }
  }
  return {
    displayName: probe.displayName(body) ?? probe.displayNameFromGrant?.(grant),
    email: typeof data?.email === 'string' ? data.email : undefined,
    subject:
      typeof data?.id === 'string' || typeof data?.id === 'number'
        ? String(data.id)
        : typeof data?.user_id === 'string'
          ? data.user_id
          : undefined,
    ...(Object.keys(details).length > 0 ? { details } : {}),
  };
}

/** Who a grant alone says the person is, when the API cannot be asked (Convert's accounts). */
export function identityFromGrant(
  provider: ResolvedProvider,
  grant: unknown,
): Identity | undefined {
  const displayName = provider.identity?.displayNameFromGrant?.(grant);
  return displayName === undefined ? undefined : { displayName };
}
