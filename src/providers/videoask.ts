import type { ProviderDefinition } from './types';

/**
 * VideoAsk: an Auth0 tenant at auth.videoask.com; a confidential client (the proxy adds the
 * secret). Without `audience` no API token is issued.
 * @see ../../../shared/providers.md#videoask
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
  },
  relayHeaders: ['organization-id'],
} satisfies ProviderDefinition;
