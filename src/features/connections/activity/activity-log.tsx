import { activityText, type ActivityEntry, type ActivityKind } from '../../../oauth/activity';
import { ErrorAlert } from '../../../components/error-alert';
import { useAnnounce } from '../../../components/announcer';
import { useActivity } from './use-activity';
import './activity-log.css';

const KIND_LABELS: Record<ActivityKind, string> = {
  'authorization-request': 'Authorization request',
  callback: 'Callback',
  'code-exchange': 'Code exchange',
  refresh: 'Refresh',
  'identity-check': 'Identity check',
  'api-call': 'API call',
  revocation: 'Revocation',
  error: 'Error',
};

const time = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });

function Entry({ entry }: { entry: ActivityEntry }) {
  return (
    <li className={`activity-entry activity-${entry.kind}`}>
      <p className="activity-head">
        <time dateTime={new Date(entry.at).toISOString()}>{time.format(entry.at)}</time>{' '}
        <strong>{KIND_LABELS[entry.kind]}</strong>
        {entry.code && <code>{entry.code}</code>} {entry.summary}
      </p>
      {(entry.details.length > 0 || entry.dpop !== undefined) && (
        <dl className="activity-details">
          {entry.details.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>
                <code>{String(value)}</code>
              </dd>
            </div>
          ))}
          {entry.dpop !== undefined && (
            <div>
              <dt>DPoP proof</dt>
              <dd>{entry.dpop ? 'yes' : 'no'}</dd>
            </div>
          )}
        </dl>
      )}
    </li>
  );
}

/**
 * What happened to this connection, newest first: every entry was redacted before it was kept, so
 * what is shown (and copied) names no token, code, verifier, secret or key.
 */
export function ActivityLog({
  connectionId,
  version,
}: {
  connectionId: string;
  version?: unknown;
}) {
  const state = useActivity(connectionId, version);
  const announce = useAnnounce();

  async function copy(entries: ActivityEntry[]) {
    try {
      await navigator.clipboard.writeText(activityText(entries));
      announce('Copied');
    } catch {
      // The browser refused the clipboard (no permission, page not focused): say so, lose nothing.
      announce('Copy failed: the browser did not allow the clipboard');
    }
  }

  return (
    <section aria-label="Activity" className="activity">
      <div className="row activity-title">
        <h2>Activity</h2>
        {state.status === 'ready' && state.entries.length > 0 && (
          <button type="button" aria-label="Copy activity" onClick={() => void copy(state.entries)}>
            Copy
          </button>
        )}
      </div>
      {state.status === 'loading' && <p className="muted">Loading…</p>}
      {state.status === 'error' && <ErrorAlert error={state.error} />}
      {state.status === 'ready' &&
        (state.entries.length === 0 ? (
          <p className="muted">Nothing recorded yet.</p>
        ) : (
          <ol className="plain activity-entries">
            {state.entries.map((entry, i) => (
              <Entry key={`${entry.at}-${i}`} entry={entry} />
            ))}
          </ol>
        ))}
    </section>
  );
}
