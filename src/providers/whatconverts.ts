import type { ProviderDefinition } from './types';

/**
 * WhatConverts: an API token + secret sent with HTTP Basic. No OAuth is documented; the endpoints
 * one article shows are unverified and only used when config.json opts in.
 * @see ../../../shared/providers.md#whatconverts
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
  identity: {
    path: '/leads?leads_per_page=1',
    displayName: () => undefined,
  },
} satisfies ProviderDefinition;
