import { Link, useNavigate } from 'react-router';
import { paths } from '../../app/paths';
import { useServices } from '../../app/services';
import type { ResolvedProvider } from '../../config/resolve';
import type { Connection } from '../../oauth/types';
import { ErrorAlert } from '../../components/error-alert';
import { apiKeyMethodOf } from '../api-keys/api-key-form';
import { connectedAs } from './describe';
import { DisconnectNotice, StorageStatus } from './storage-status';
import { useConnections } from './use-connections';
import { usePageTitle } from '../../components/page-title';

function ProviderRow({
  provider,
  connections,
}: {
  provider: ResolvedProvider;
  connections: Connection[];
}) {
  const navigate = useNavigate();
  return (
    <li className="card" aria-label={provider.name}>
      <div className="card-head">
        <h2>{provider.name}</h2>
        <button
          type="button"
          disabled={!provider.configured && !apiKeyMethodOf(provider)}
          onClick={() => navigate(paths.connect(provider.id))}
        >
          Connect {provider.name}
        </button>
      </div>
      {!provider.configured && (
        <p className="muted">
          {apiKeyMethodOf(provider)
            ? 'OAuth is not configured (an API key works)'
            : 'Not configured'}
          : add <code>{provider.missing.join(', ')}</code> to config.json.
        </p>
      )}
      {provider.configured && connections.length === 0 && <p className="muted">Not connected</p>}
      {connections.length > 0 && (
        <ul className="plain">
          {connections.map((c) => (
            <li key={c.id}>
              <Link to={paths.connection(c.id)}>
                {c.status === 'connected' ? connectedAs(c) : `Needs reconnect: ${connectedAs(c)}`}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * Where a provider sits in the list: the ones you are connected to, then the ones this deployment
 * set up with a client id, then those usable with a key alone, then those still needing a setting.
 */
function listRank(provider: ResolvedProvider, connections: Connection[]): number {
  if (connections.some((c) => c.providerId === provider.id)) return 0;
  if (provider.configured && provider.clientId) return 1;
  return provider.configured ? 2 : 3;
}

/** `/`: every provider with its state, and a way to connect it. */
export function ConnectionsPage() {
  const { providers } = useServices();
  const { state } = useConnections();
  usePageTitle('Connections');
  if (state.status === 'loading') return <p role="status">Loading your connections…</p>;
  if (state.status === 'error') {
    return <ErrorAlert error={state.error} />;
  }
  const known = new Set(providers.map((p) => p.id));
  const orphans = state.value.filter((c) => !known.has(c.providerId));
  return (
    <>
      <h1>Connections</h1>
      <DisconnectNotice />
      <StorageStatus />
      <ul className="plain cards">
        {[...providers]
          .sort((a, b) => listRank(a, state.value) - listRank(b, state.value))
          .map((provider) => (
            <ProviderRow
              key={provider.id}
              provider={provider}
              connections={state.value.filter((c) => c.providerId === provider.id)}
            />
          ))}
      </ul>
      <p>
        <Link to={paths.addProvider()}>Add a provider</Link>{' '}
        <span className="muted">by issuer URL or endpoints, kept on this device</span>
      </p>
      {orphans.length > 0 && (
        <section aria-label="Other connections">
          <h2>Other connections</h2>
          <ul className="plain">
            {orphans.map((c) => (
              <li key={c.id}>
                <Link to={paths.connection(c.id)}>{connectedAs(c)}</Link> (no longer in config.json)
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
