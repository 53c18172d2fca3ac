import { useState } from 'react';
import { useServices } from '../services/services';
import { LOCAL_DATABASES } from '../vault/local-data';

/**
 * "Reset local data": the way out when this browser's storage is broken (or a passphrase is
 * forgotten). It first says exactly what it deletes, and deletes only when that is confirmed.
 */
export function ResetLocalData() {
  const { resetLocalData } = useServices();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        Reset local data
      </button>
    );
  }
  return (
    <section aria-label="Reset local data" className="stack">
      <p>
        This deletes everything Keyfob keeps in this browser, and cannot be undone. Your accounts at
        the providers are not touched, and tokens are not revoked there (disconnect first where you
        can). It deletes these databases, in this site&apos;s storage and in Keyfob&apos;s storage
        buckets (<code>keyfob-vault-…</code>):
      </p>
      <ul>
        {LOCAL_DATABASES.map((db) => (
          <li key={db.name}>
            {db.holds} (<code>{db.name}</code>)
          </li>
        ))}
      </ul>
      {failure && <p className="alert">Local data could not be deleted: {failure}</p>}
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            resetLocalData().catch((error: unknown) => {
              setFailure(error instanceof Error ? error.message : String(error));
              setBusy(false);
            });
          }}
        >
          Delete local data
        </button>
        <button type="button" disabled={busy} onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </section>
  );
}
