import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { useServices } from '../../services/services';
import type { PasskeySupport } from '../../vault/passkey';

/** Lock with a passkey: offered where WebAuthn with PRF is, and where it is not, why not. */
export function PasskeyLock() {
  const { vault } = useServices();
  const [support, setSupport] = useState<PasskeySupport>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    void vault.passkeySupport().then((s) => live && setSupport(s));
    return () => {
      live = false;
    };
  }, [vault]);
  async function lock() {
    setError(null);
    setBusy(true);
    try {
      await vault.setPasskey();
    } catch (caught) {
      setError(caught);
    }
    setBusy(false);
  }
  return (
    <section aria-label="Lock with a passkey" className="stack">
      <h2>Lock with a passkey</h2>
      <p>
        Keyfob makes a passkey for this site and asks its authenticator for a secret (the WebAuthn
        PRF extension, with your fingerprint, face or PIN). A key derived from that secret
        (HKDF-SHA-256) wraps the vault key, so a copy of this browser&apos;s profile decrypts
        nothing. You use the passkey after every reload.
      </p>
      <p className="alert">
        A lost or deleted passkey cannot be replaced: the only way back is Reset local data, which
        deletes every connection kept here.
      </p>
      {support?.supported === false && (
        <p>Lock with a passkey is not available here. {support.reason}</p>
      )}
      {error !== null && <ErrorAlert error={error} />}
      {support?.supported && (
        <div className="row">
          <button type="button" className="primary" disabled={busy} onClick={() => void lock()}>
            Lock with a passkey
          </button>
        </div>
      )}
    </section>
  );
}
