import type { ResolvedProvider } from '../config/resolve';
import type { FetchLike } from './http';
import type { Credential, Identity } from './types';
import { checkIdentity, identityFromGrant, type ProbeOptions } from './identity-probe';

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
 * failed probe leaves the identity unknown (or as the grant names it, for Convert) rather than
 * failing the connection: the credential itself is fine, and the connection page can check again.
 */
export async function probeIdentity(
  provider: ResolvedProvider,
  credential: Credential,
  fetchImpl: FetchLike,
  options: ProbeOptions,
): Promise<Identity | undefined> {
  const fallback = identityFromGrant(provider, options.grant);
  try {
    return (await checkIdentity(provider, credential, fetchImpl, options)) ?? fallback;
  } catch {
    return fallback;
  }
}
