import type { ProviderDefinition } from './types';

interface ConvertGrant {
  accounts?: { account_id?: number | string; name?: string }[];
}

function firstAccount(grant: unknown) {
  const accounts = (grant as ConvertGrant | null | undefined)?.accounts;
  return Array.isArray(accounts) ? accounts[0] : undefined;
}

/**
 * Convert.com (Convert Experiences): a public PKCE client with no secret. Its token endpoint takes
 * JSON and answers with `expires_at` and an object `scope` (see src/oauth/adapters/convert.ts).
 * @see ../../docs/providers.md#convertcom
 */
export const convert = {
  id: 'convert',
  name: 'Convert',
  docs: [
    'https://support.convert.com/hc/en-us/articles/how-to-authenticate-with-the-convert-api-using-oauth',
    'https://api.convert.com/doc/v2',
  ],
  authMethods: ['oauth'],
  authorizationEndpoint: 'https://app.convert.com/auth/oauth/authorize',
  tokenEndpoint: 'https://api.convert.com/api/v2/auth/oauth/token',
  apiBaseUrl: 'https://api.convert.com/api/v2',
  scopes: [
    {
      name: 'selected_accounts_projects',
      description: 'The accounts and projects you select on Convert',
      default: true,
    },
  ],
  needsClientSecret: false,
  tokenRequestEncoding: 'json',
  clientAuthentication: 'client_secret_post',
  supportsRefresh: false,
  supportsRevocation: false,
  tokenAdapter: 'convert',
  // No "me" endpoint: the token response's scope names the granted accounts, and the first one's
  // details say who this is (providers.md, identity: L).
  identity: {
    path: (grant) => {
      const id = firstAccount(grant)?.account_id;
      return id === undefined ? undefined : `/accounts/${encodeURIComponent(String(id))}`;
    },
    displayName: (body) => {
      const data = (body as { data?: { name?: unknown } } | null)?.data;
      return typeof data?.name === 'string' ? data.name : undefined;
    },
    displayNameFromGrant: (grant) => firstAccount(grant)?.name,
  },
  // The granted accounts come from the token response's scope (providers.md, identity: L).
  readyRequests: [
    {
      label: 'The first granted account',
      method: 'GET',
      path: (grant) => {
        const id = firstAccount(grant)?.account_id;
        return id === undefined ? undefined : `/accounts/${encodeURIComponent(String(id))}`;
      },
    },
  ],
  limits: ['No refresh token: when access expires, reconnect (one click on the connection page).'],
} satisfies ProviderDefinition;
