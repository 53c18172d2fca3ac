import type { ResolvedProvider } from '../../../config/resolve';
import { errorSentence } from '../../../components/error-alert';
import { isKeyfobError } from '../../../oauth/errors';
import type { Connection } from '../../../oauth/types';
import { connectionStatus, type ConnectionStatusView } from './status-model';
import type { TokenRefresh } from './use-token-refresh';
import { useClock } from '../../../components/use-clock';
import './connection-status.css';

const EVENT_LABEL = {
  connected: 'Signed in',
  refreshed: 'Last refreshed',
  checked: 'Last checked',
};

/** The headline: "Connected" while the credential works, else the code and the reason. */
function Headline({ view, alert }: { view: ConnectionStatusView; alert: boolean }) {
  if (view.label === 'Connected') return <p className="status ok">Connected</p>;
  return (
    <p role={alert ? 'alert' : undefined} className="status-problem">
      <code>{view.code}</code> {view.kind === 'unreadable' ? 'Unreadable. ' : ''}Needs reconnect:{' '}
      {view.reason}
    </p>
  );
}

/** The access token's remaining lifetime as a bar, with the same words beside it. */
function Lifetime({ view }: { view: ConnectionStatusView }) {
  if (view.expiresAt === undefined) return <span className="time-left">{view.timeLeftText}</span>;
  const left = view.fractionLeft ?? 0;
  return (
    <span className="lifetime">
      <meter
        role="meter"
        aria-label="Token lifetime"
        aria-valuenow={left}
        aria-valuemin={0}
        aria-valuemax={1}
        aria-valuetext={view.timeLeftText}
        min={0}
        max={1}
        low={0.25}
        high={0.5}
        optimum={1}
        value={left}
      />
      <span className="time-left">{view.timeLeftText}</span>
    </span>
  );
}

/**
 * A connection's status, the same on the list and on its page: the headline, what happens next,
 * the token's lifetime, a failed refresh, and when it was last refreshed or checked. Nothing here
 * is a live region, so its tick every second announces nothing; `alert` (the connection page)
 * makes a needs-reconnect headline an alert, which does not change as the clock ticks.
 */
export function ConnectionStatus({
  connection,
  provider,
  refresh,
  now: pageNow,
  alert = false,
  withRefreshNow = false,
}: {
  connection: Connection;
  provider: ResolvedProvider | undefined;
  refresh: TokenRefresh;
  /** The page's clock, when it shows the expiry elsewhere too (one clock, one answer). */
  now?: number;
  alert?: boolean;
  withRefreshNow?: boolean;
}) {
  const ownNow = useClock(connection.expiresAt);
  const now = pageNow ?? ownNow;
  const refreshing = refresh.isRefreshing(connection.id);
  const view = connectionStatus(connection, now, { provider, refreshing });
  const error = refresh.errorOf(connection.id);
  const working = view.label === 'Connected';
  return (
    <div className="connection-status" data-kind={view.kind}>
      <Headline view={view} alert={alert} />
      {view.detail && <p className="status-detail">{view.detail}</p>}
      {working && <Lifetime view={view} />}
      {working && error !== undefined && (
        <p className="status-error">
          <code>{isKeyfobError(error) ? (error.oauthError ?? error.code) : 'ERROR'}</code> The last
          refresh failed: {errorSentence(error)}
        </p>
      )}
      {view.lastEvent && (
        <span className="muted status-when">
          {EVENT_LABEL[view.lastEvent.what]} {new Date(view.lastEvent.at).toLocaleString()}
        </span>
      )}
      {withRefreshNow && view.canRefresh && (
        <button
          type="button"
          onClick={() => void refresh.refreshNow(connection.id)}
          disabled={refreshing}
        >
          Refresh now
        </button>
      )}
    </div>
  );
}
