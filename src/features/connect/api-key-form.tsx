import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { paths } from '../../routing/paths';
import { useServices } from '../../services/services';
import type { ApiKeyMethod, ResolvedProvider } from '../../config/resolve';
import type { ApiKeyCredential } from '../../oauth/types';
import { ErrorAlert } from '../../components/error-alert';

function credentialFrom(method: ApiKeyMethod, data: FormData): ApiKeyCredential {
  const text = (name: string) => String(data.get(name) ?? '');
  return method === 'api-key'
    ? { kind: 'api-key', apiKey: text('apiKey') }
    : { kind: 'token-secret', token: text('apiToken'), secret: text('apiSecret') };
}

/**
 * Paste an API key (or token + secret): the provider is asked who it belongs to before anything is
 * kept, and only an accepted key is saved, sealed like a token. The inputs are uncontrolled
 * password fields, so the key is never written into a DOM attribute, and they are cleared after a
 * save; an error message never repeats the key.
 */
export function ApiKeyForm({
  provider,
  method,
  connectionId,
}: {
  provider: ResolvedProvider;
  method: ApiKeyMethod;
  connectionId?: string;
}) {
  const { apiKeys } = useServices();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const what = method === 'api-key' ? 'key' : 'token and secret';

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const credential = credentialFrom(method, new FormData(form));
    setBusy(true);
    setError(null);
    try {
      const connection = await apiKeys.saveApiKey(provider.id, credential, { connectionId });
      form.reset();
      await navigate(paths.connection(connection.id));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const field = (name: string, label: string) => (
    <label className="field">
      {label}
      <input
        name={name}
        type="password"
        autoComplete="off"
        spellCheck={false}
        required
        disabled={busy}
      />
    </label>
  );

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="stack" aria-label={`${provider.name} API ${what}`}>
      <h2>Use an API {what}</h2>
      <p className="muted">
        {provider.name} is asked who it belongs to before it is saved; it is then kept encrypted on
        this device only.
        {provider.docs.length > 0 && (
          <>
            {' '}
            <a href={provider.docs[provider.docs.length - 1]} target="_blank" rel="noreferrer">
              Where to make one
            </a>
            .
          </>
        )}
      </p>
      {method === 'api-key' ? (
        field('apiKey', 'API key')
      ) : (
        <>
          {field('apiToken', 'API token')}
          {field('apiSecret', 'API secret')}
        </>
      )}
      {error !== null && <ErrorAlert error={error} />}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? `Checking with ${provider.name}…` : `Save ${provider.name} key`}
        </button>
      </div>
    </form>
  );
}
