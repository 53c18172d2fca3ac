import type { ProviderDefinition } from './types';

interface Organization {
  organization_id?: unknown;
  name?: unknown;
  role?: unknown;
}

/**
 * VideoAsk: an Auth0 tenant at auth.videoask.com; a confidential client (the proxy adds the
 * secret). Without `audience` no API token is issued.
 * @see ../../docs/providers.md#videoask
 */
export const videoask = {
  id: 'videoask',
  name: 'VideoAsk',
  docs: ['https://developers.videoask.com/'],
  authMethods: ['oauth'],
  authorizationEndpoint: 'https://auth.videoask.com/authorize',
  tokenEndpoint: 'https://auth.videoask.com/oauth/token',
  revocationEndpoint: 'https://auth.videoask.com/oauth/revoke',
  apiBaseUrl: 'https://api.videoask.com',
  scopes: [
    { name: 'openid', description: 'Sign you in', default: true },
    { name: 'profile', description: 'See your name', default: true },
    { name: 'email', description: 'See your email address', default: true },
    { name: 'offline_access', description: 'Stay connected (a refresh token)', default: true },
  ],
  extraAuthorizationParams: { audience: 'https://api.videoask.com/' },
  needsClientSecret: true,
  tokenRequestEncoding: 'form',
  clientAuthentication: 'client_secret_post',
  supportsRefresh: true,
  supportsRevocation: true,
  identity: {
    path: '/me',
    displayName: (body) => {
      const me = body as { username?: string; email?: string; name?: string } | null;
      return me?.username ?? me?.name ?? me?.email;
    },
    // Calls on forms, webhooks and contacts need `organization-id`; authorizedFetch adds the
    // first organization's id from identity.details.organizationId.
    more: [
      {
        path: '/organizations',
        details: (body, status) => {
          if (status !== 200) return undefined;
          const results = (body as { results?: unknown } | null)?.results;
          if (!Array.isArray(results)) return undefined;
          const organizations = (results as Organization[])
            .filter((o) => typeof o?.organization_id === 'string')
            .map((o) => ({
              id: o.organization_id as string,
              name: typeof o.name === 'string' ? o.name : undefined,
              role: typeof o.role === 'string' ? o.role : undefined,
            }));
          return { organizationId: organizations[0]?.id, organizations };
        },
      },
    ],
  },
  // /forms needs the organization-id header, which Keyfob adds from the first organization.
  readyRequests: [
    { label: 'Who am I (me)', method: 'GET', path: '/me' },
    { label: 'Your organizations', method: 'GET', path: '/organizations' },
    { label: 'Your forms', method: 'GET', path: '/forms' },
  ],
  relayHeaders: ['organization-id'],
  // Asks for openid, but no ID token is documented (providers.md: tokens L); /me says who it is.
  requireIdToken: false,
  limits: [
    'Access lasts about 24 hours; the refresh token (offline_access) about 30 days.',
    'Calls on forms, webhooks and contacts carry the organization-id header.',
  ],
} satisfies ProviderDefinition;
