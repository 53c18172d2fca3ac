import * as oauth from 'oauth4webapi';
import type { ResolvedProvider } from '../config/resolve';
import { checkEndpoints } from './endpoints';
import { ErrorCode, KeyfobError, isKeyfobError, type DiscoveryAttempt } from './errors';
import { requestOptions, type FetchLike } from './http';

/**
 * Discovery answers per issuer, shared by everything one page builds (bootstrap makes one): metadata
 * rarely changes, and a second round trip before every redirect would only slow the person down.
 * A failed discovery is forgotten, so the next attempt asks again.
 */
export interface DiscoveryCache {
  metadata(
    issuer: string,
    discover: () => Promise<oauth.AuthorizationServer>,
  ): Promise<oauth.AuthorizationServer>;
}

export function createDiscoveryCache(): DiscoveryCache {
  const answers = new Map<string, Promise<oauth.AuthorizationServer>>();
  return {
    metadata(issuer, discover) {
      let pending = answers.get(issuer);
      if (!pending) {
        pending = discover();
        answers.set(issuer, pending);
        pending.catch(() => answers.delete(issuer));
      }
      return pending;
    },
  };
}

export type { DiscoveryAttempt };

/** Every location failed: `attempts` lists them in the order they were tried. */
function discoveryFailed(issuer: string, attempts: DiscoveryAttempt[]): KeyfobError {
  return new KeyfobError(
    ErrorCode.DISCOVERY_FAILED,
    `No metadata for ${issuer}: ${attempts.map((a) => `${a.url} (${a.outcome})`).join('; ')}. Check the issuer, or give the endpoints by hand.`,
    { attempts },
  );
}

/**
 * Where an issuer's metadata may live, in the order tried: OpenID Connect Discovery appends its
 * well-known segment to the issuer's path, RFC 8414 §3.1 inserts its own between host and path.
 * For an issuer without a path the two differ only in the segment's name.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationRequest
 */
export const DISCOVERY_ALGORITHMS = ['oidc', 'oauth2'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function describe(error: unknown): string {
  if (error instanceof KeyfobError) return `${error.code}: ${error.message}`;
  if (error instanceof oauth.ResponseBodyError || error instanceof oauth.OperationProcessingError) {
    const cause: unknown = error.cause;
    if (cause instanceof Response) return `HTTP ${cause.status}`;
    if (error.code === oauth.JSON_ATTRIBUTE_COMPARISON && isRecord(cause) && isRecord(cause.body)) {
      return `its issuer is "${String(cause.body.issuer)}", not "${String(cause.expected)}"`;
    }
    return error.message.replace(/^"response" /, '');
  }
  // A fetch TypeError: no answer, or one the browser would not let this page read (an error page
  // without CORS headers looks exactly like this).
  if (error instanceof TypeError)
    return 'no answer this page may read (network error or no CORS headers)';
  return error instanceof Error ? error.message : String(error);
}

async function discover(issuer: string, fetchImpl: FetchLike): Promise<oauth.AuthorizationServer> {
  const issuerUrl = new URL(issuer);
  const attempts: DiscoveryAttempt[] = [];
  for (const algorithm of DISCOVERY_ALGORITHMS) {
    let url = '';
    const recording: FetchLike = (input, init) => {
      url = input instanceof Request ? input.url : String(input);
      return fetchImpl(input, init);
    };
    try {
      const response = await oauth.discoveryRequest(issuerUrl, {
        ...requestOptions(issuer, recording),
        algorithm,
      });
      if (response.status !== 200) {
        attempts.push({ url, outcome: `HTTP ${response.status}` });
        continue;
      }
      const metadata = await oauth.processDiscoveryResponse(issuerUrl, response);
      // oauth4webapi compares the two as URLs ("https://as.example" and "https://as.example/"
      // are equal to it); the issuer the transactions and RFC 9207 `iss` check against is a
      // string, so it must be the configured one, character for character.
      if (metadata.issuer !== issuer) {
        attempts.push({ url, outcome: `its issuer is "${metadata.issuer}", not "${issuer}"` });
        continue;
      }
      return metadata;
    } catch (error) {
      // A host that cannot be reached at all will not answer at the next location either.
      if (
        isKeyfobError(error, ErrorCode.OFFLINE) ||
        isKeyfobError(error, ErrorCode.UNREACHABLE) ||
        isKeyfobError(error, ErrorCode.TIMEOUT)
      ) {
        throw error;
      }
      attempts.push({ url: url || issuer, outcome: describe(error) });
    }
  }
  throw discoveryFailed(issuer, attempts);
}

/** Metadata every flow can use: both endpoints it needs are known. */
export type ServerMetadata = oauth.AuthorizationServer & {
  authorization_endpoint: string;
  token_endpoint: string;
};

/**
 * The authorization server metadata for a provider: discovered (OpenID Connect Discovery or
 * RFC 8414, cached) when the provider has an issuer, otherwise built from explicit endpoints; any
 * endpoint set in config.json wins over discovery. With `useProxy`, the token and revocation
 * endpoints become the proxy's routes for this provider.
 * @see https://www.rfc-editor.org/rfc/rfc8414
 */
export async function getAuthorizationServer(
  provider: ResolvedProvider,
  fetchImpl: FetchLike,
  cache: DiscoveryCache,
): Promise<ServerMetadata> {
  let metadata: { -readonly [K in keyof oauth.AuthorizationServer]: oauth.AuthorizationServer[K] };
  const { issuer, authorizationEndpoint } = provider;
  const explicit = authorizationEndpoint !== undefined && provider.tokenEndpoint !== undefined;
  if (issuer && !explicit) {
    metadata = { ...(await cache.metadata(issuer, () => discover(issuer, fetchImpl))) };
  } else if (explicit) {
    metadata = {
      // Without a declared issuer, the authorization endpoint's origin stands for it, so a
      // transaction still remembers which server it went to.
      issuer: issuer ?? new URL(authorizationEndpoint).origin,
    };
  } else {
    throw new KeyfobError(
      ErrorCode.CONFIG,
      `providers.${provider.id} needs an issuer, or authorizationEndpoint and tokenEndpoint.`,
    );
  }
  if (provider.authorizationEndpoint)
    metadata.authorization_endpoint = provider.authorizationEndpoint;
  if (provider.tokenEndpoint) metadata.token_endpoint = provider.tokenEndpoint;
  if (provider.revocationEndpoint) metadata.revocation_endpoint = provider.revocationEndpoint;
  if (provider.useProxy && provider.proxyUrl) {
    const proxy = provider.proxyUrl.replace(/\/+$/, '');
    metadata.token_endpoint = `${proxy}/token/${provider.id}`;
    if (metadata.revocation_endpoint || provider.supportsRevocation) {
      metadata.revocation_endpoint = `${proxy}/revoke/${provider.id}`;
    }
  }
  const { authorization_endpoint, token_endpoint } = metadata;
  if (!authorization_endpoint || !token_endpoint) {
    throw new KeyfobError(
      ErrorCode.CONFIG,
      `${provider.name} has no ${authorization_endpoint ? 'token' : 'authorization'} endpoint: set it in config.json.`,
    );
  }
  return checkEndpoints({ ...metadata, authorization_endpoint, token_endpoint }, provider);
}
