import './connections.css';
import { Link, useLoaderData, useNavigate } from 'react-router';
import { paths } from '../../routing/paths';
import { useServices } from '../../services/services';
import { apiKeyMethodOf, type ResolvedProvider } from '../../config/resolve';
import type { Connection } from '../../oauth/types';
import { connectedAs } from './describe';
import { DisconnectNotice, StorageStatus } from './storage-status';
import type { ConnectionsData } from './connection-routes';
import { usePageTitle } from '../../components/page-title';
import { ProviderMark } from './provider-mark';
import { ConnectionStatus } from './status/connection-status';
import { connectionStatus } from './status/status-model';
import { useClock } from '../../components/use-clock';
import { useTokenRefresh, type TokenRefresh } from './status/use-token-refresh';

/** "OAuth" or "API key": how this connection signs in. */
function methodLabel(connection: Connection): string {
  return connection.authMethod === 'oauth' ? 'OAuth' : 'API key';
}

/**
 * The connections of one provider: account, sign-in method, status and time left. Two that would
 * read the same (no account name, or the same one twice) also say when each was made.
 */
function ConnectionRows({
  connections,
  provider,
  refresh,
}: {
  connections: Connection[];
  provider: ResolvedProvider;
  refresh: TokenRefresh;
}) {
  // The soonest expiry sets the tick, so a row stops saying "Connected as" once it is not.
  const soonest = Math.min(...connections.map((c) => c.expiresAt ?? Infinity));
  const now = useClock(Number.isFinite(soonest) ? soonest : undefined);
  const labels = connections.map((c) =>
    connectedAs(c, connectionStatus(c, now, { provider }).label === 'Connected'),
  );
  return (
    <ul className="plain connections">
      {connections.map((c, i) => {
        const twin = labels.filter((l) => l === labels[i]).length > 1;
        return (
          <li key={c.id} className="connection-row">
            <Link to={paths.connection(c.id)}>{labels[i]}</Link>
            <span className="facts">
              {twin && <span>made {new Date(c.createdAt).toLocaleString()}</span>}
              <span>{methodLabel(c)}</span>
            </span>
            <ConnectionStatus connection={c} provider={provider} refresh={refresh} />
          </li>
        );
      })}
    </ul>
  );
}

function ProviderRow({
  provider,
  connections,
  refresh,
  featured = false,
}: {
  provider: ResolvedProvider;
  connections: Connection[];
  refresh: TokenRefresh;
  featured?: boolean;
}) {
  const navigate = useNavigate();
  const connect = () => void navigate(paths.connect(provider.id));
  return (
    <li className={featured ? 'card featured' : 'card'} aria-label={provider.name}>
      <div className="card-head">
        <h2 className="with-mark">
          <ProviderMark id={provider.id} name={provider.name} />
          {provider.name}
        </h2>
        {connections.length === 0 && (
          <button type="button" className={featured ? 'primary' : undefined} onClick={connect}>
            Connect {provider.name}
          </button>
        )}
      </div>
      {featured && connections.length === 0 && (
        <p>Try it with the local sandbox, no account needed.</p>
      )}
      {!provider.configured && (
        <p className="muted">
          OAuth is not set up here (an API key works): add{' '}
          <code>{provider.missing.join(', ')}</code> to config.json.
        </p>
      )}
      {connections.length === 0 ? (
        <p className="muted">Not connected</p>
      ) : (
        <>
          <ConnectionRows connections={connections} provider={provider} refresh={refresh} />
          <button type="button" onClick={connect}>
            Connect another account
          </button>
        </>
      )}
    </li>
  );
}

/** The providers this deployment has not set up, with what the administrator would add. */
function NotSetUp({ providers }: { providers: ResolvedProvider[] }) {
  if (providers.length === 0) return null;
  return (
    <details className="not-set-up">
      <summary>Not set up here</summary>
      <p className="muted">
        These need a setting in this deployment&apos;s config.json before anyone can connect them.
        If you run Keyfob, add:
      </p>
      <ul>
        {providers.map((p) => (
          <li key={p.id} aria-label={p.name}>
            {p.name}: <code>{p.missing.join(', ')}</code>
          </li>
        ))}
      </ul>
    </details>
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
  const { connections } = useLoaderData<ConnectionsData>();
  // Renews what is shown before it expires, while this page is open and visible.
  const refresh = useTokenRefresh(connections);
  usePageTitle('Connections');
  const known = new Set(providers.map((p) => p.id));
  const orphans = connections.filter((c) => !known.has(c.providerId));
  const connectionsOf = (p: ResolvedProvider) => connections.filter((c) => c.providerId === p.id);
  // Not usable here: no setting makes it connectable, no key works, nothing was connected.
  const unusable = (p: ResolvedProvider) =>
    !p.configured && !apiKeyMethodOf(p) && connectionsOf(p).length === 0;
  const sandbox = providers.find((p) => p.id === 'sandbox' && p.configured);
  const listed = [...providers]
    .filter((p) => p !== sandbox && !unusable(p))
    .sort((a, b) => listRank(a, connections) - listRank(b, connections));
  return (
    <>
      <h1>Connections</h1>
      <p className="intro">
        Connect your API accounts with a real sign-in; the tokens stay sealed in this browser.
      </p>
      <DisconnectNotice />
      <StorageStatus hasStored={connections.length > 0} />
      <ul className="plain cards">
        {sandbox && (
          <ProviderRow
            provider={sandbox}
            connections={connectionsOf(sandbox)}
            refresh={refresh}
            featured
          />
        )}
        {listed.map((provider) => (
          <ProviderRow
            key={provider.id}
            provider={provider}
            connections={connectionsOf(provider)}
            refresh={refresh}
          />
        ))}
      </ul>
      <NotSetUp providers={providers.filter(unusable)} />
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
                <Link to={paths.connection(c.id)}>{connectedAs(c, false)}</Link> (no longer in
                config.json)
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
