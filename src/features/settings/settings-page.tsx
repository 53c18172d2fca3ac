import { useState } from 'react';
import { useServices } from '../../services/services';
import { ErrorAlert } from '../../components/error-alert';
import { usePageTitle } from '../../components/page-title';
import { ResetLocalData } from '../../components/reset-local-data';
import { UnlockForm } from '../../components/unlock-form';
import { IdleSetting } from './idle-setting';
import { PasskeyLock } from './passkey-lock';
import { PassphraseLock } from './passphrase-lock';
import { useLockState } from './use-lock-state';

/** `/settings`: the vault's lock, and the way out (Reset local data). */
export function SettingsPage() {
  const { vault } = useServices();
  const { state, method } = useLockState();
  const [error, setError] = useState<unknown>(null);
  usePageTitle('Settings');
  return (
    <div className="stack">
      <h1>Settings</h1>
      {state === 'none' && (
        <>
          <PasskeyLock />
          <PassphraseLock />
        </>
      )}
      {state === 'unlocked' && (
        <section aria-label="Lock" className="stack">
          <p role="status">Locked with a {method}, and unlocked in this browser.</p>
          <div className="row">
            <button type="button" className="primary" onClick={() => vault.lockNow()}>
              Lock now
            </button>
            <button
              type="button"
              onClick={() => {
                setError(null);
                vault.removeLock().catch(setError);
              }}
            >
              Remove lock
            </button>
          </div>
          <IdleSetting />
          <p className="muted">
            Remove lock goes back to a key kept in this browser, which a copy of its profile can
            read.
          </p>
        </section>
      )}
      {state === 'locked' && (
        <section aria-label="Locked" className="stack">
          <p role="status">Keyfob is locked. Unlock it with your {method}.</p>
          <UnlockForm />
        </section>
      )}
      {error !== null && <ErrorAlert error={error} />}
      <section aria-label="Local data" className="stack">
        <h2>Local data</h2>
        <ResetLocalData />
      </section>
    </div>
  );
}
