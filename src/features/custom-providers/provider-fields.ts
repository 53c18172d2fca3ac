import type { CustomProviderEntry } from '../../config/custom-providers';

/** The add-provider form's text fields, as typed. */
export type Fields = Record<
  | 'name'
  | 'id'
  | 'clientId'
  | 'issuer'
  | 'authorizationEndpoint'
  | 'tokenEndpoint'
  | 'revocationEndpoint'
  | 'apiBaseUrl'
  | 'scopes',
  string
>;

export const emptyFields: Fields = {
  name: '',
  id: '',
  clientId: '',
  issuer: '',
  authorizationEndpoint: '',
  tokenEndpoint: '',
  revocationEndpoint: '',
  apiBaseUrl: '',
  scopes: 'openid profile email',
};

/** "My Provider" -> "my-provider": a provider id config.json would accept. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/** The typed fields as a custom provider entry: blanks are absent, scopes split on spaces. */
export function entryOf(fields: Fields): CustomProviderEntry {
  const text = (v: string) => v.trim() || undefined;
  const scopes = fields.scopes.split(/\s+/).filter(Boolean);
  return {
    name: text(fields.name),
    clientId: text(fields.clientId),
    issuer: text(fields.issuer),
    authorizationEndpoint: text(fields.authorizationEndpoint),
    tokenEndpoint: text(fields.tokenEndpoint),
    revocationEndpoint: text(fields.revocationEndpoint),
    apiBaseUrl: text(fields.apiBaseUrl),
    scopes: scopes.length > 0 ? scopes : undefined,
  };
}
