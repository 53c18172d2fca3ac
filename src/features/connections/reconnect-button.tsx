import { useState } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '../../routing/paths';
import { useServices } from '../../services/services';
import type { ResolvedProvider } from '../../config/resolve';
import type { Connection } from '../../oauth/types';
import { ErrorAlert } from '../../components/error-alert';

/**
 * "Expired: reconnect" in one click: an OAuth connection goes straight to the provider's authorize
 * page with this connection's id, so the callback updates the same connection (Convert has no
 * refresh token, so this is how its access is renewed). An API-key connection goes to its form.
 */
export function ReconnectButton({
  connection,
  provider,
}: {
  connection: Connection;
  provider: ResolvedProvider;
}) {
  const { flow, navigateAway } = useServices();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function reconnect() {
    if (connection.authMethod !== 'oauth' || !provider.configured) {
      await navigate(paths.connect(provider.id));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      navigateAway(
        await flow.startAuthorization(provider.id, {
          connectionId: connection.id,
          scopes: connection.grantedScopes.every((s) => provider.scopes.some((p) => p.name === s))
            ? connection.grantedScopes
            : undefined,
          returnTo: paths.connection(connection.id),
        }),
      );
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <button type="button" className="primary" onClick={() => void reconnect()} disabled={busy}>
        Expired: reconnect
      </button>
      {error !== null && <ErrorAlert error={error} />}
    </div>
  );
}
