import { useState, type FormEvent } from 'react';
import { useServices } from '../services/services';
import { errorSentence } from './error-alert-text';

/** The passphrase prompt of a locked vault; unlocking here unlocks every tab. */
export function UnlockForm() {
  const { vault } = useServices();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await vault.unlock(passphrase);
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(event) => void onSubmit(event)} className="stack" aria-label="Unlock">
      <label>
        Passphrase{' '}
        <input
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
      </label>
      {failure !== null && (
        <p role="alert" className="alert">
          <code>LOCKED</code> {errorSentence(failure)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || passphrase === ''}>
          Unlock
        </button>
      </div>
    </form>
  );
}
