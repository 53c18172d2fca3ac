import { useState } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '../../routing/paths';
import { useServices } from '../../services/services';
import type { ResolvedProvider } from '../../config/resolve';
import type { Connection } from '../../oauth/types';
import { ErrorAlert } from '../../components/error-alert';

/**
 * "Expired: reconnect" (or "Reconnect", when the provider refused the grant rather than it running
 * out) in one click, asking again for what was asked the first time: an OAuth connection goes straight to the provider's authorize
 * page with this connection's id, so the callback updates the same connection (Convert has no
 * refresh token, so this is how its access is renewed). An API-key connection goes to its form.
 */
/**
 * What the first sign-in asked for (a narrowed grant is not made permanent by reconnecting), as
 * long as the provider still offers all of it; else the provider's defaults.
 */
export function scopesToAskFor(
  connection: Connection,
  provider: ResolvedProvider,
): string[] | undefined {
  const asked = connection.requestedScopes ?? connection.grantedScopes;
  return asked.every((s) => provider.scopes.some((p) => p.name === s)) ? asked : undefined;
}

export function ReconnectButton({
  connection,
  provider,
  expired,
}: {
  connection: Connection;
  provider: ResolvedProvider;
  /** The access simply ran out (no refresh token), rather than being refused. */
  expired: boolean;
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
          scopes: scopesToAskFor(connection, provider),
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
        {expired ? 'Expired: reconnect' : 'Reconnect'}
      </button>
      {error !== null && <ErrorAlert error={error} />}
    </div>
  );
}
