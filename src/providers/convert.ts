import type { ConnectionAnswer, IdentityProbe, ProviderDefinition } from './types';

/** The token response's `scope` object, kept as the connection's grant (src/oauth/adapters). */
export interface ConvertGrant {
  mode?: string;
  accounts?: {
    account_id?: number | string;
    name?: string;
    projects?: { project_id?: number | string; name?: string }[];
  }[];
}

/** GET /accounts/<id>. */
export interface ConvertAccount {
  data?: { name?: string };
}

function accountsOf(grant: unknown) {
  const accounts = (grant as ConvertGrant | null | undefined)?.accounts;
  return Array.isArray(accounts) ? accounts : [];
}

const firstAccount = (grant: unknown) => accountsOf(grant)[0];

// No "me" endpoint: the token response's scope names the granted accounts, and the first one's
// details say who this is (providers.md, identity: L).
const identity: IdentityProbe<ConvertAccount, object, ConvertGrant> = {
  path: (grant) => {
    const id = firstAccount(grant)?.account_id;
    return id === undefined ? undefined : `/accounts/${encodeURIComponent(String(id))}`;
  },
  displayName: (body) => {
    const name: unknown = body?.data?.name;
    return typeof name === 'string' ? name : undefined;
  },
  displayNameFromGrant: (grant) => firstAccount(grant)?.name,
};

/** The accounts and projects Convert granted, each project after its account. */
function facts({ grant }: ConnectionAnswer<object, ConvertGrant>) {
  const rows = accountsOf(grant)
    .filter((account) => account?.account_id !== undefined)
    .flatMap((account) => [
      { label: account.name ?? 'Account', value: String(account.account_id) },
      ...(Array.isArray(account.projects) ? account.projects : []).map((project) => ({
        label: project.name ?? 'Project',
        value: String(project.project_id ?? ''),
        note: `project of ${account.name ?? `account ${String(account.account_id)}`}`,
      })),
    ]);
  return rows.length > 0
    ? [{ title: 'Granted accounts and projects', kind: 'list' as const, facts: rows }]
    : [];
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
  supportsRevocation: false,
  tokenAdapter: 'convert',
  identity,
  facts,
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
