import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ErrorCode, KeyfobError } from '../../oauth/errors';
import { useServices } from '../../services/services';
import { MIN_PASSPHRASE_LENGTH } from '../../vault/vault-lock';

/** Lock with a passphrase: "Passphrase", "Repeat passphrase", Lock. */
export function PassphraseLock() {
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
