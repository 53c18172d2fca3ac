import type { Credential } from './types';

/** The request headers that present a credential to a provider's API. */
export function credentialHeaders(credential: Credential): Record<string, string> {
  switch (credential.kind) {
    case 'oauth':
      // RFC 6750: the scheme is "Bearer" whatever case the token response used.
      return { authorization: `Bearer ${credential.accessToken}` };
    case 'api-key':
      return { authorization: `Bearer ${credential.apiKey}` };
    case 'token-secret':
      return { authorization: `Basic ${btoa(`${credential.token}:${credential.secret}`)}` };
  }
}
