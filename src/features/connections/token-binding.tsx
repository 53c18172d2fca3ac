import type { Connection } from '../../oauth/types';

/**
 * Whether a connection's OAuth tokens are sender-constrained (DPoP, RFC 9449), with the RFC 7638
 * thumbprint of the key they are bound to; API-key connections have no tokens to bind.
 */
export function TokenBinding({ connection }: { connection: Connection }) {
  if (connection.authMethod !== 'oauth') return null;
  return (
    <>
      <dt>Token binding</dt>
      <dd>
        {connection.dpop ? (
          <>
            Tokens bound to this browser (DPoP), key thumbprint{' '}
            <code data-testid="dpop-thumbprint">{connection.dpop.jkt}</code>
          </>
        ) : (
          'Bearer tokens (not bound)'
        )}
      </dd>
    </>
  );
}
