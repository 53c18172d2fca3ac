import type * as oauth from 'oauth4webapi';
import { endpointUrlProblem } from '../config/endpoint-url';
import type { ResolvedProvider } from '../config/resolve';
import { ErrorCode, KeyfobError } from './errors';

/** Metadata fields holding a URL that Keyfob may navigate to or call. */
function isEndpointField(name: string): boolean {
  return name.endsWith('_endpoint') || name === 'jwks_uri';
}

/**
 * Checks every endpoint of resolved server metadata, whether it came from discovery, config.json or
 * the Add a provider page, before anything navigates to it or calls it: `https:` (`http:` only on
 * loopback). Anything else (`javascript:`, `data:`, plain http elsewhere) is a CONFIG error naming
 * the field, so a hostile discovery document cannot run script or downgrade a token request.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.1
 */
export function checkEndpoints<T extends oauth.AuthorizationServer>(
  metadata: T,
  provider: Pick<ResolvedProvider, 'id' | 'name'>,
): T {
  for (const [field, value] of Object.entries(metadata)) {
    if (!isEndpointField(field) || value === undefined) continue;
    const problem = endpointUrlProblem(value);
    if (problem) {
      throw new KeyfobError(
        ErrorCode.CONFIG,
        `${provider.name}'s ${field} ${problem}: Keyfob will not go to it or call it (server metadata of providers.${provider.id}).`,
        { providerId: provider.id },
      );
    }
  }
  return metadata;
}
