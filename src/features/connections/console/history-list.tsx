import { errorSentence } from '../../../components/error-alert';
import type { HistoryEntry } from '../../../vault/request-history';

const outcomeOf = (entry: HistoryEntry) =>
  entry.status !== undefined ? `HTTP ${entry.status}` : (entry.errorCode ?? 'failed');

/** The connection's last requests, newest first: each can fill the form or be sent again. */
export function HistoryList({
  entries,
  error,
  onUse,
  onSendAgain,
  onClear,
}: {
  entries: HistoryEntry[];
  error: unknown;
  onUse(entry: HistoryEntry): void;
  onSendAgain(entry: HistoryEntry): void;
  onClear(): void;
}) {
  return (
    <section aria-label="History" className="stack">
      <h3>History</h3>
      {error !== undefined && (
        <p className="field-error">History is not available: {errorSentence(error)}</p>
      )}
      {entries.length === 0 ? (
        <p className="muted">No requests yet. The last 20 are kept here, sealed in the vault.</p>
      ) : (
        <>
          <ol className="plain console-history">
            {entries.map((entry) => (
              <li key={entry.id} aria-label={`${entry.method} ${entry.path}`}>
                <code>
                  {entry.method} {entry.path}
                </code>{' '}
                <span>{outcomeOf(entry)}</span>{' '}
                <span className="muted">
                  in {entry.durationMs} ms,{' '}
                  <time dateTime={new Date(entry.at).toISOString()}>
                    {new Date(entry.at).toLocaleString()}
                  </time>
                </span>
                <div className="row">
                  <button type="button" onClick={() => onUse(entry)}>
                    Edit
                  </button>
                  <button type="button" onClick={() => onSendAgain(entry)}>
                    Send again
                  </button>
                </div>
              </li>
            ))}
          </ol>
          <div className="row">
            <button type="button" onClick={onClear}>
              Clear history
            </button>
          </div>
        </>
      )}
    </section>
  );
}
