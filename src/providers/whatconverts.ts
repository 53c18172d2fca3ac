import type { ConnectionAnswer, IdentityProbe, ProviderDefinition } from './types';

/** GET /leads?leads_per_page=1: one lead, naming its profile. */
export interface WhatConvertsLeads {
  leads?: { profile?: string }[];
}

/** What the connection keeps: which kind of key it is, and so its daily limit. */
export interface WhatConvertsDetails {
  keyType: 'master' | 'profile';
  dailyLimit: number;
}

const number = new Intl.NumberFormat('en');

// No "me": one lead proves the key works; /accounts answers only to a master key, which is how
// Keyfob tells the two kinds (and their daily limits) apart.
const identity: IdentityProbe<WhatConvertsLeads, WhatConvertsDetails> = {
  path: '/leads?leads_per_page=1',
  // A lead names the profile it belongs to: the closest thing to "who" a key has.
  displayName: (body) => {
    const leads = body?.leads;
    const profile: unknown = Array.isArray(leads) ? leads[0]?.profile : undefined;
    return typeof profile === 'string' ? profile : undefined;
  },
  more: [
    {
      path: '/accounts?accounts_per_page=1',
      details: (_body, status) => {
        if (status === 200) return { keyType: 'master', dailyLimit: 10_000 };
        if (status === 403) return { keyType: 'profile', dailyLimit: 1_000 };
        return undefined;
      },
    },
  ],
};

function facts({ details }: ConnectionAnswer<WhatConvertsDetails>) {
  const rows = [
    ...(details.keyType === 'master' || details.keyType === 'profile'
      ? [
          {
            label: 'Key type',
            value: details.keyType === 'master' ? 'Master account key' : 'Profile key',
          },
        ]
      : []),
    ...(typeof details.dailyLimit === 'number'
      ? [
          {
            label: 'Daily limit',
            value: `${number.format(details.dailyLimit)} requests a day, reset at midnight UTC`,
          },
        ]
      : []),
  ];
  return rows.length > 0 ? [{ title: 'Account details', kind: 'terms' as const, facts: rows }] : [];
}

/**
 * WhatConverts: an API token + secret sent with HTTP Basic. No OAuth is documented; the endpoints
 * one article shows are unverified and only used when config.json opts in.
 * @see ../../docs/providers.md#whatconverts
 */
export const whatconverts = {
  id: 'whatconverts',
  name: 'WhatConverts',
  docs: ['https://www.whatconverts.com/api/'],
  authMethods: ['api-token-secret'],
  // Its OAuth is unverified, so a deployment has to ask for it ("authMethod": "oauth").
  optInAuthMethods: ['oauth'],
  authorizationEndpoint: 'https://app.whatconverts.com/oauth/authorize',
  tokenEndpoint: 'https://app.whatconverts.com/oauth/token',
  apiBaseUrl: 'https://app.whatconverts.com/api/v1',
  scopes: [{ name: 'read_leads', description: 'Read your leads', default: true }],
  needsClientSecret: false,
  tokenRequestEncoding: 'form',
  clientAuthentication: 'client_secret_post',
  supportsRevocation: false,
  identity,
  facts,
  readyRequests: [
    { label: 'Your latest leads', method: 'GET', path: '/leads?leads_per_page=10' },
    { label: 'Accounts (master key only)', method: 'GET', path: '/accounts?accounts_per_page=10' },
  ],
  limits: [
    '1,000 requests a day for a profile key, 10,000 for a master account key.',
    'The daily count resets at midnight UTC; at most 20 requests at once.',
  ],
} satisfies ProviderDefinition;
