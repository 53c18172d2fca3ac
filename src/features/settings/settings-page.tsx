import { useEffect, useState, type FormEvent } from 'react';
import { useServices } from '../../services/services';
import { ErrorAlert } from '../../components/error-alert';
import { usePageTitle } from '../../components/page-title';
import { ResetLocalData } from '../../components/reset-local-data';
import { UnlockForm } from '../../components/unlock-form';
import { ErrorCode, KeyfobError } from '../../oauth/errors';
import type { LockState } from '../../vault/vault-lock';
import { MIN_PASSPHRASE_LENGTH } from '../../vault/vault-lock';

function useLockState(): LockState | undefined {
  const { vault } = useServices();
  const [state, setState] = useState<LockState>();
  useEffect(() => {
    let live = true;
    const read = () => void vault.state().then((s) => live && setState(s));
    read();
    const unsubscribe = vault.subscribe(read);
    return () => {
      live = false;
      unsubscribe();
    };
  }, [vault]);
  return state;
}

function LockForm() {
  const { vault } = useServices();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (passphrase !== repeat) {
      setError(new KeyfobError(ErrorCode.CONFIG, 'The two passphrases are not the same.'));
      return;
    }
    setBusy(true);
    try {
      await vault.setPassphrase(passphrase);
    } catch (caught) {
      setError(caught);
    }
    setBusy(false);
  }
  return (
    <form onSubmit={(event) => void onSubmit(event)} className="stack" aria-label="Lock with a passphrase">
      <h2>Lock with a passphrase</h2>
      <p>
        Once locked, Keyfob keeps its key only wrapped by a key derived from your passphrase
        (PBKDF2-SHA-256, 600,000 iterations, a random salt), so a copy of this browser&apos;s
        profile decrypts nothing. You type the passphrase after every reload.
      </p>
      <p className="alert">
        A forgotten passphrase cannot be recovered: the only way back is Reset local data, which
        deletes every connection kept here.
      </p>
      <label>
        Passphrase{' '}
        <input
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSPHRASE_LENGTH}
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      <label>
        Repeat passphrase{' '}
        <input
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
      </label>
      {error !== null && <ErrorAlert error={error} />}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Lock
        </button>
      </div>
    </form>
  );
}

/** `/settings`: the vault's lock, and the way out (Reset local data). */
export function SettingsPage() {
  const { vault } = useServices();
  const state = useLockState();
  const [error, setError] = useState<unknown>(null);
  usePageTitle('Settings');
  return (
    <div className="stack">
      <h1>Settings</h1>
      {state === 'none' && <LockForm />}
      {state === 'unlocked' && (
        <section aria-label="Lock" className="stack">
          <p role="status">Locked with a passphrase, and unlocked in this browser.</p>
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
          <p className="muted">
            Remove lock goes back to a key kept in this browser, which a copy of its profile can
            read.
          </p>
        </section>
      )}
      {state === 'locked' && (
        <section aria-label="Locked" className="stack">
          <p role="status">Keyfob is locked. Unlock it with your passphrase.</p>
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
