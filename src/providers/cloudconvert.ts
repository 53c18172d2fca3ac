import type { ConnectionAnswer, IdentityProbe, ProviderDefinition } from './types';

/** GET /v2/users/me, as CloudConvert documents it. */
export interface CloudConvertMe {
  data?: { id?: number | string; username?: string; email?: string; credits?: number };
}

/** What the connection keeps from it. */
export interface CloudConvertDetails {
  username: string;
  credits: number;
}

const number = new Intl.NumberFormat('en');

const identity: IdentityProbe<CloudConvertMe, CloudConvertDetails> = {
  path: '/v2/users/me',
  displayName: (body) => body?.data?.username ?? body?.data?.email,
  details: (body) => {
    const data = body?.data;
    return {
      ...(typeof data?.username === 'string' ? { username: data.username } : {}),
      ...(typeof data?.credits === 'number' ? { credits: data.credits } : {}),
    };
  },
};

function facts({ details }: ConnectionAnswer<CloudConvertDetails>) {
  const rows = [
    ...(typeof details.username === 'string'
      ? [{ label: 'Username', value: details.username }]
      : []),
    ...(typeof details.credits === 'number'
      ? [{ label: 'Credits', value: number.format(details.credits) }]
      : []),
  ];
  return rows.length > 0 ? [{ title: 'Account details', kind: 'terms' as const, facts: rows }] : [];
}

/**
 * CloudConvert: a confidential client (the code exchange and refresh go through the proxy), or an
 * API key sent as a Bearer token.
 * @see ../../docs/providers.md#cloudconvert
 */
export const cloudconvert = {
  id: 'cloudconvert',
  name: 'CloudConvert',
  docs: [
    'https://cloudconvert.com/api/v2',
    'https://cloudconvert.com/dashboard/api/v2/clients',
    'https://cloudconvert.com/dashboard/api/v2/keys',
  ],
  authMethods: ['oauth', 'api-key'],
  authorizationEndpoint: 'https://cloudconvert.com/oauth/authorize',
  tokenEndpoint: 'https://cloudconvert.com/oauth/token',
  apiBaseUrl: 'https://api.cloudconvert.com',
  scopes: [
    // user.read lets Keyfob say who this is; task.read and task.write are what converting needs.
    { name: 'user.read', description: 'See your username, email and credits', default: true },
    { name: 'user.write', description: 'Change your account settings' },
    { name: 'task.read', description: 'See your jobs and tasks', default: true },
    { name: 'task.write', description: 'Create jobs and tasks (needed to convert)', default: true },
    { name: 'webhook.read', description: 'See your webhooks' },
    { name: 'webhook.write', description: 'Create and delete webhooks' },
  ],
  needsClientSecret: true,
  tokenRequestEncoding: 'form',
  clientAuthentication: 'client_secret_post',
  supportsRevocation: false,
  // The sandbox lives on other hosts, with separate keys (providers.md): config.json's "sandbox".
  variants: {
    sandbox: {
      authorizationEndpoint: 'https://sandbox.cloudconvert.com/oauth/authorize',
      tokenEndpoint: 'https://sandbox.cloudconvert.com/oauth/token',
      apiBaseUrl: 'https://api.sandbox.cloudconvert.com',
    },
  },
  identity,
  facts,
  readyRequests: [
    { label: 'Who am I (users/me)', method: 'GET', path: '/v2/users/me' },
    {
      label: 'Convert a web page to PDF (a job: uses one credit, needs task.write)',
      method: 'POST',
      path: '/v2/jobs',
      body: JSON.stringify(
        {
          tag: 'keyfob',
          tasks: {
            'import-page': { operation: 'import/url', url: 'https://example.com/' },
            'convert-page': {
              operation: 'convert',
              input: 'import-page',
              output_format: 'pdf',
              filename: 'example.pdf',
            },
            'export-page': { operation: 'export/url', input: 'convert-page' },
          },
        },
        null,
        2,
      ),
    },
  ],
  limits: [
    'API keys do not expire; OAuth access renews with the refresh token (through the proxy).',
    'Creating a job needs task.write; a 402 means out of credits or too many jobs at once.',
  ],
} satisfies ProviderDefinition;
