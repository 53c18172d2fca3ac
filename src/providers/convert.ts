import type { ProviderDefinition } from './types';

/**
 * Convert.com (Convert Experiences): a public PKCE client with no secret. Its token endpoint takes
 * JSON and answers with `expires_at` and an object `scope` (see src/oauth/adapters/convert.ts).
 * @see ../../../shared/providers.md#convertcom
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
} satisfies ProviderDefinition;
