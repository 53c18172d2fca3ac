import type { ResolvedProvider } from '../config/resolve';
import type { FetchLike } from './http';
import type { Credential, Identity } from './types';
import { credentialHeaders } from './credentials';

/** Who an ID token says the person is. */
export function identityFromClaims(claims: Record<string, unknown>): Identity {
  const text = (key: string) =>
    typeof claims[key] === 'string' ? (claims[key] as string) : undefined;
  return {
    displayName: text('name') ?? text('preferred_username') ?? text('email') ?? text('sub'),
    subject: text('sub'),
    email: text('email'),
  };
}

/**
 * Asks the provider's API who the credential belongs to, with the catalog's identity probe. A
 * failed probe leaves the identity unknown rather than failing the connection: the credential
 * itself is fine, and the connection page offers to call the API again.
 */
export async function probeIdentity(
  provider: ResolvedProvider,
  credential: Credential,
  fetchImpl: FetchLike,
): Promise<Identity | undefined> {
  if (!provider.identity || !provider.apiBaseUrl) return undefined;
  const url = provider.apiBaseUrl.replace(/\/+$/, '') + provider.identity.path;
  const response = await fetchImpl(url, {
    headers: { accept: 'application/json', ...credentialHeaders(credential) },
  });
  if (!response.ok) return undefined;
  const body: unknown = await response.json();
  const data =
    (body as { data?: Record<string, unknown> })?.data ?? (body as Record<string, unknown>);
  return {
    displayName: provider.identity.displayName(body),
    email: typeof data?.email === 'string' ? data.email : undefined,
    subject:
      typeof data?.id === 'string' || typeof data?.id === 'number'
        ? String(data.id)
        : typeof data?.user_id === 'string'
          ? data.user_id
          : undefined,
  };
}
