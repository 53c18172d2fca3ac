import { useEffect, useState, type FormEvent } from 'react';
import { isKeyfobError } from '../oauth/errors';
import { useServices } from '../services/services';
import type { LockMethod } from '../vault/vault-lock';
import { errorSentence } from './error-alert-text';

/**
 * The prompt of a locked vault: the passphrase, or **Unlock with a passkey**, as it was locked.
 * Unlocking here unlocks every tab; a refusal (a wrong passphrase, a cancelled passkey) keeps
 * everything as it was and says why.
 */
export function UnlockForm() {
  const { vault } = useServices();
  const [method, setMethod] = useState<LockMethod>();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    void vault.lockMethod().then((m) => live && setMethod(m));
    return () => {
      live = false;
    };
  }, [vault]);
  async function attempt(unlock: () => Promise<void>) {
    setBusy(true);
    setFailure(null);
    try {
      await unlock();
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void attempt(() =>
      method === 'passkey' ? vault.unlockWithPasskey() : vault.unlock(passphrase),
    );
  }
  if (!method) return null;
  return (
    <form onSubmit={(event) => void onSubmit(event)} className="stack" aria-label="Unlock">
      {method === 'passphrase' && (
        <label>
          Passphrase{' '}
          <input
            type="password"
            autoComplete="current-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
        </label>
      )}
      {failure !== null && (
        <p role="alert" className="alert">
          <code>{isKeyfobError(failure) ? failure.code : 'LOCKED'}</code> {errorSentence(failure)}
        </p>
      )}
      <div className="row">
        {method === 'passphrase' ? (
          <button type="submit" className="primary" disabled={busy || passphrase === ''}>
            Unlock
          </button>
        ) : (
          <button type="submit" className="primary" disabled={busy}>
            Unlock with a passkey
          </button>
        )}
      </div>
    </form>
  );
}
