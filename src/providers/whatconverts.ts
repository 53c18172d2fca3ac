import type { ProviderDefinition } from './types';

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
  authorizationEndpoint: 'https://app.whatconverts.com/oauth/authorize',
  tokenEndpoint: 'https://app.whatconverts.com/oauth/token',
  apiBaseUrl: 'https://app.whatconverts.com/api/v1',
  scopes: [{ name: 'read_leads', description: 'Read your leads', default: true }],
  needsClientSecret: false,
  tokenRequestEncoding: 'form',
  clientAuthentication: 'client_secret_post',
  supportsRefresh: false,
  supportsRevocation: false,
  // No "me": one lead proves the key works; /accounts answers only to a master key, which is how
  // Keyfob tells the two kinds (and their daily limits) apart.
  identity: {
    path: '/leads?leads_per_page=1',
    // A lead names the profile it belongs to: the closest thing to "who" a key has.
    displayName: (body) => {
      const leads = (body as { leads?: { profile?: unknown }[] } | null)?.leads;
      const profile = Array.isArray(leads) ? leads[0]?.profile : undefined;
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
  },
  readyRequests: [
    { label: 'Your latest leads', method: 'GET', path: '/leads?leads_per_page=10' },
    { label: 'Accounts (master key only)', method: 'GET', path: '/accounts?accounts_per_page=10' },
  ],
  limits: [
    '1,000 requests a day for a profile key, 10,000 for a master account key.',
    'The daily count resets at midnight UTC; at most 20 requests at once.',
  ],
} satisfies ProviderDefinition;
