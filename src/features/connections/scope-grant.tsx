import { useState } from 'react';
import type { ResolvedProvider } from '../../config/resolve';
import { ErrorAlert } from '../../components/error-alert';
import type { Connection } from '../../oauth/types';
import { paths } from '../../routing/paths';
import { useServices } from '../../services/services';

/** The scopes asked for that the provider left out of the grant (RFC 6749 3.3 lets it narrow). */
export function missingScopes(connection: Connection): string[] {
  const requested = connection.requestedScopes ?? [];
  // No scope in the token response means all was granted (RFC 6749 5.1): grantedScopes says so.
  return requested.filter((s) => !connection.grantedScopes.includes(s));
}

const list = (scopes: string[]) => scopes.join(', ');

/**
 * Granted versus requested: a narrowed grant is pointed out, with "Ask again", which goes back to
 * the provider for this same connection asking for everything that was asked for the first time.
 */
export function ScopeGrant({
  connection,
  provider,
}: {
  connection: Connection;
  provider: ResolvedProvider | undefined;
}) {
  const { flow, navigateAway } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const missing = missingScopes(connection);
  if (connection.authMethod !== 'oauth' || missing.length === 0) return null;

  async function askAgain() {
    if (!provider) return;
    setBusy(true);
    setError(null);
    try {
      navigateAway(
        await flow.startAuthorization(provider.id, {
          connectionId: connection.id,
          scopes: connection.requestedScopes,
          returnTo: paths.connection(connection.id),
        }),
      );
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <section aria-label="Narrowed grant" className="stack">
      <p role="note">
        Asked for {list(connection.requestedScopes ?? [])}; the provider granted{' '}
        {connection.grantedScopes.length > 0 ? list(connection.grantedScopes) : 'none of them'}.
        Missing: {list(missing)}.
      </p>
      {provider && (
        <button type="button" onClick={() => void askAgain()} disabled={busy}>
          Ask again
        </button>
      )}
      {error !== null && <ErrorAlert error={error} />}
    </section>
  );
}
