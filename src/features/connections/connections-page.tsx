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
import { useNow } from '../../components/use-now';

/** "OAuth" or "API key": how this connection signs in. */
function methodLabel(connection: Connection): string {
  return connection.authMethod === 'oauth' ? 'OAuth' : 'API key';
}

/** How long the access lasts, in a few words for a list. */
export function timeLeft(expiresAt: number | undefined, now: number): string {
  if (expiresAt === undefined) return 'does not expire';
  const seconds = Math.round((expiresAt - now) / 1000);
  if (seconds <= 0) return 'access expired';
  if (seconds < 120) return `${seconds} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min left`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h left` : `${Math.round(hours / 24)} days left`;
}

/**
 * The connections of one provider: account, sign-in method, status and time left. Two that would
 * read the same (no account name, or the same one twice) also say when each was made.
 */
function ConnectionRows({ connections }: { connections: Connection[] }) {
  const now = useNow(30_000);
  const labels = connections.map((c) => connectedAs(c));
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
              <span className={c.status === 'connected' ? 'ok' : 'warn'}>
                {c.status === 'connected' ? 'Connected' : 'Needs reconnect'}
              </span>
              <span>{timeLeft(c.expiresAt, now)}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function ProviderRow({
  provider,
  connections,
  featured = false,
}: {
  provider: ResolvedProvider;
  connections: Connection[];
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
          <ConnectionRows connections={connections} />
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
          <ProviderRow provider={sandbox} connections={connectionsOf(sandbox)} featured />
        )}
        {listed.map((provider) => (
          <ProviderRow
            key={provider.id}
            provider={provider}
            connections={connectionsOf(provider)}
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
                <Link to={paths.connection(c.id)}>{connectedAs(c)}</Link> (no longer in config.json)
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
