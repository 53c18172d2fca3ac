import type * as oauth from 'oauth4webapi';
import type { ResolvedProvider } from '../config/resolve';
import { ErrorCode, KeyfobError } from './errors';

/**
 * The public client oauth4webapi sends as, by the provider's client id. A provider without one is
 * "not configured" and the flow and the binding check refuse it before any request; should one
 * get this far, it is a CONFIG error rather than a request with no `client_id`.
 */
export function oauthClient(provider: ResolvedProvider): oauth.Client {
  if (!provider.clientId) {
    throw new KeyfobError(
      ErrorCode.CONFIG,
      `${provider.name} has no client id: set providers.${provider.id}.clientId in config.json.`,
    );
  }
  return { client_id: provider.clientId };
}
