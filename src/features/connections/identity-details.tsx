import { useState } from 'react';
import { useServices } from '../../services/services';
import type { ResolvedProvider } from '../../config/resolve';
import type { Connection, Credential } from '../../oauth/types';
import { ProviderNotes } from '../../components/provider-notes';
import { ErrorAlert } from '../../components/error-alert';

/** An API key stays out of the DOM until the person asks to see it. */
function RevealKey({ credential }: { credential: Credential | undefined }) {
  const [shown, setShown] = useState(false);
  if (credential?.kind !== 'api-key' && credential?.kind !== 'token-secret') return null;
  return (
    <section aria-label="Stored key">
      <p className="row">
        <span>
          {credential.kind === 'api-key'
            ? 'API key, sent as a Bearer token'
            : 'API token and secret, sent with HTTP Basic'}
          : kept encrypted on this device.
        </span>
        <button type="button" onClick={() => setShown((s) => !s)} aria-pressed={shown}>
          {shown ? 'Hide key' : 'Reveal key'}
        </button>
      </p>
      {shown &&
        (credential.kind === 'api-key' ? (
          <p>
            <code>{credential.apiKey}</code>
          </p>
        ) : (
          <dl>
            <dt>API token</dt>
            <dd>
              <code>{credential.token}</code>
            </dd>
            <dt>API secret</dt>
            <dd>
              <code>{credential.secret}</code>
            </dd>
          </dl>
        ))}
    </section>
  );
}

/**
 * The provider's known limits, the stored key behind a "Reveal" toggle, and "Check connection",
 * which asks the provider again with the stored credential. The account's facts are in
 * connection-facts.tsx.
 */
export function IdentityDetails({
  connection,
  provider,
  onChange,
}: {
  connection: Connection;
  provider: ResolvedProvider | undefined;
  onChange?: () => void;
}) {
  const { checkConnection } = useServices();
  const [check, setCheck] = useState<
    { status: 'idle' } | { status: 'busy' } | { status: 'ok' } | { status: 'error'; error: unknown }
  >({ status: 'idle' });

  async function runCheck() {
    setCheck({ status: 'busy' });
    try {
      await checkConnection(connection.id);
      setCheck({ status: 'ok' });
    } catch (error) {
      setCheck({ status: 'error', error });
    }
    onChange?.();
  }

  return (
    <>
      <RevealKey credential={connection.credential} />
      {provider && <ProviderNotes provider={provider} />}
      {provider?.identity && provider.apiBaseUrl && connection.credential && (
        <div className="stack">
          <div className="row">
            <button
              type="button"
              onClick={() => void runCheck()}
              disabled={check.status === 'busy'}
            >
              Check connection
            </button>
            {check.status === 'ok' && (
              <span role="status" className="status ok">
                {provider.name} accepted the {connection.authMethod === 'oauth' ? 'token' : 'key'}
              </span>
            )}
          </div>
          {check.status === 'error' && <ErrorAlert error={check.error} />}
        </div>
      )}
    </>
  );
}
