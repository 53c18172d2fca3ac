import type { ConnectionAnswer, DetailsProbe, IdentityProbe, ProviderDefinition } from './types';

/** GET /me, as VideoAsk documents it. */
export interface VideoAskMe {
  username?: string;
  name?: string;
  email?: string;
}

/** GET /organizations. */
export interface VideoAskOrganizations {
  results?: { organization_id?: string; name?: string; role?: string }[];
}

/** What the connection keeps: the organizations, and the one sent as `organization-id`. */
export interface VideoAskDetails {
  organizationId: string;
  organizations: { id: string; name?: string; role?: string }[];
}

const organizations: DetailsProbe<VideoAskOrganizations, VideoAskDetails> = {
  path: '/organizations',
  details: (body, status) => {
    if (status !== 200) return undefined;
    const results: unknown = body?.results;
    if (!Array.isArray(results)) return undefined;
    const found = (results as NonNullable<VideoAskOrganizations['results']>)
      .filter((o) => typeof o?.organization_id === 'string')
      .map((o) => ({
        id: o.organization_id as string,
        name: typeof o.name === 'string' ? o.name : undefined,
        role: typeof o.role === 'string' ? o.role : undefined,
      }));
    return { organizationId: found[0]?.id, organizations: found };
  },
};

const identity: IdentityProbe<VideoAskMe, VideoAskDetails> = {
  path: '/me',
  displayName: (me) => me?.username ?? me?.name ?? me?.email,
  // Calls on forms, webhooks and contacts need `organization-id`; authorizedFetch adds the
  // first organization's id from identity.details.organizationId.
  more: [organizations],
};

function facts({ details }: ConnectionAnswer<VideoAskDetails>) {
  const list = Array.isArray(details.organizations) ? details.organizations : [];
  const rows = list
    .filter((o) => typeof o?.id === 'string')
    .map((o) => ({
      label: o.name ?? 'Organization',
      value: o.id,
      note: [
        o.role && `(${o.role})`,
        o.id === details.organizationId && '— sent as organization-id',
      ]
        .filter(Boolean)
        .join(' '),
    }));
  return rows.length > 0 ? [{ title: 'Organizations', kind: 'list' as const, facts: rows }] : [];
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
  supportsRevocation: true,
  identity,
  facts,
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
