import { useEffect, useId, useLayoutEffect, useMemo, useState } from 'react';
import {
  Link,
  useFetcher,
  useLoaderData,
  useNavigate,
  useParams,
  useRevalidator,
} from 'react-router';
import { paths } from '../../routing/paths';
import { useProvider } from '../../services/services';
import { ErrorAlert } from '../../components/error-alert';
import type { Connection } from '../../oauth/types';
import { connectedAs, describeExpiry } from './describe';
import { ApiConsole } from './console/api-console';
import { ConnectionFacts } from './connection-facts';
import { ActivityLog } from './activity/activity-log';
import { ScopeGrant } from './scope-grant';
import { TokenDetails } from './tokens/token-details';
import { IdentityDetails } from './identity-details';
import { ReconnectButton } from './reconnect-button';
import { TokenBinding } from './token-binding';
import type { ConnectionData, DisconnectOutcome } from './connection-routes';
import { connectionStatus } from './status/status-model';
import { ConnectionStatus } from './status/connection-status';
import { useClock } from '../../components/use-clock';
import { useTokenRefresh } from './status/use-token-refresh';
import { useAnnounce } from '../../components/announcer';
import { usePageTitle } from '../../components/page-title';
import { ConfirmDialog } from '../../components/confirm-dialog';

/** The fetcher key of a connection's Disconnect form, shared by the page and its details. */
const disconnectKey = (id: string) => `disconnect:${id}`;

function ConnectionDetails({
  connection,
  onChange,
}: {
  connection: Connection;
  onChange?: () => void;
}) {
  const provider = useProvider(connection.providerId);
  const navigate = useNavigate();
  const now = useClock(connection.expiresAt);
  // Disconnect is the route's action; keyed, so the page can tell its own disconnect from another tab's.
  const fetcher = useFetcher<DisconnectOutcome>({ key: disconnectKey(connection.id) });
  const busy = fetcher.state !== 'idle';
  const formId = useId();
  const announce = useAnnounce();
  // Renews the token before it expires while this page is open and visible; "Refresh now" too.
  const refresh = useTokenRefresh(useMemo(() => [connection], [connection]));
  const status = connectionStatus(connection, now, { provider });
  const connected = status.label === 'Connected';
  // User Timing for `npm run bench:connect`: the page says "Connected" (right after the commit).
  useLayoutEffect(() => {
    if (connected) performance.mark('keyfob:connected');
  }, [connected]);

  const [confirming, setConfirming] = useState(false);

  const outcome = fetcher.data;
  const failed = outcome && 'failed' in outcome ? outcome : undefined;
  // A new failure closes the dialog; the error then shows beside Disconnect, which works again.
  const [answered, setAnswered] = useState(outcome);
  if (outcome !== answered) {
    setAnswered(outcome);
    if (failed) setConfirming(false);
  }
  useEffect(() => {
    if (!outcome || !('disconnected' in outcome)) return;
    const { disconnected } = outcome;
    // Short: the home page then shows the whole sentence (what was revoked, what was removed).
    announce(`Disconnected ${disconnected.providerName}`);
    void navigate(paths.home(), { replace: true, state: { disconnected } });
  }, [outcome, announce, navigate]);

  return (
    <article className="stack">
      <h1>{connection.providerName}</h1>
      <ConnectionStatus
        connection={connection}
        provider={provider}
        refresh={refresh}
        now={now}
        alert
        withRefreshNow
      />
      <p>{connectedAs(connection, connected)}</p>
      <dl>
        <dt>Granted scopes</dt>
        <dd>
          {connection.grantedScopes.length > 0 ? (
            <ul className="plain inline">
              {connection.grantedScopes.map((s) => (
                <li key={s}>
                  <code>{s}</code>
                </li>
              ))}
            </ul>
          ) : connection.authMethod !== 'oauth' ? (
            'Whatever the key allows'
          ) : (
            'None named by the provider'
          )}
        </dd>
        {connection.expiresAt !== undefined && (
          <>
            <dt>Access</dt>
            <dd>{describeExpiry(connection.expiresAt, now)}</dd>
          </>
        )}
        <dt>Refresh</dt>
        <dd>
          {connection.authMethod !== 'oauth'
            ? 'Not needed: an API key stays valid until it is revoked'
            : !connected
              ? 'Cannot renew here: sign in again'
              : status.canRefresh
                ? 'Has a refresh token, so access renews on its own'
                : 'No refresh token: connect again when access expires'}
        </dd>
        <TokenBinding connection={connection} />
        {connection.identity?.email && (
          <>
            <dt>Email</dt>
            <dd>{connection.identity.email}</dd>
          </>
        )}
      </dl>
      <ConnectionFacts connection={connection} provider={provider} />
      <ScopeGrant connection={connection} provider={provider} />
      <IdentityDetails connection={connection} provider={provider} onChange={onChange} />
      {/* With a refresh token, an expired access token renews on the next call: no reconnect. */}
      {!connected && provider && (
        <ReconnectButton
          connection={connection}
          provider={provider}
          expired={connection.expiresAt !== undefined && connection.expiresAt <= now}
        />
      )}
      <ApiConsole connection={connection} provider={provider} />
      {failed && <ErrorAlert error={failed.failed} />}
      <TokenDetails connection={connection} now={now} />
      <ActivityLog connectionId={connection.id} version={connection.updatedAt} />
      <div className="row">
        <button type="button" onClick={() => setConfirming(true)} disabled={busy}>
          Disconnect
        </button>
        <Link to={paths.home()}>All connections</Link>
      </div>
      <fetcher.Form method="post" id={formId} />
      <ConfirmDialog
        open={confirming}
        title={`Disconnect ${connection.providerName}?`}
        confirmLabel="Disconnect"
        confirmForm={formId}
        busy={busy}
        onCancel={() => setConfirming(false)}
      >
        <DisconnectConsequences connection={connection} />
      </ConfirmDialog>
    </article>
  );
}

/** What a disconnect will do at the provider and here, said before it is done. */
function DisconnectConsequences({ connection }: { connection: Connection }) {
  const who = connection.identity?.displayName ?? connection.identity?.email;
  const account = who ? `${connection.providerName} (${who})` : connection.providerName;
  return (
    <ul>
      {connection.authMethod === 'oauth' ? (
        <li>
          Revoked: Keyfob asks {connection.providerName} to revoke the{' '}
          {connection.hasRefreshToken ? 'refresh token and the access token' : 'access token'}.
          Where it offers no revocation, they stay valid there until they expire.
        </li>
      ) : (
        <li>
          Not revoked: an API key can only be deleted on {connection.providerName}&apos;s own site,
          so it stays valid there.
        </li>
      )}
      <li>
        Deleted from this browser: the connection to {account}, its{' '}
        {connection.authMethod === 'oauth' ? 'tokens' : 'key'} and what Keyfob learned about the
        account.
      </li>
    </ul>
  );
}

/** `/connections/:id`: who it is connected as, what was granted, when it expires. */
export function ConnectionPage() {
  const { id = '' } = useParams();
  const loaded = useLoaderData<ConnectionData>().connection;
  const { revalidate } = useRevalidator();
  const own = useFetcher<DisconnectOutcome>({ key: disconnectKey(id) }).data;
  // The connection this page has shown: when it disappears, another tab disconnected it; after
  // this page's own Disconnect it stays on screen until the page has left.
  const [seen, setSeen] = useState<Connection>();
  if (loaded && loaded !== seen) setSeen(loaded);
  const leaving = own !== undefined && 'disconnected' in own;
  const connection = loaded ?? (leaving && seen?.id === id ? seen : undefined);
  const gone = !connection && seen?.id === id;
  usePageTitle(connection?.providerName ?? (gone ? 'Disconnected' : 'Connection not found'));
  if (!connection) {
    // Seen on this page and now gone: another tab disconnected it.
    return (
      <div role="alert" className="alert">
        <h1>{gone ? 'Disconnected' : 'Connection not found'}</h1>
        <p>
          {gone ? (
            'This connection was disconnected in another tab.'
          ) : (
            <>
              <code>NOT_FOUND</code> This connection does not exist on this device (it may have been
              disconnected).
            </>
          )}
        </p>
        <Link to={paths.home()}>Back to connections</Link>
      </div>
    );
  }
  return <ConnectionDetails connection={connection} onChange={() => void revalidate()} />;
}
