import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { paths } from '../../routing/paths';
import { useServices } from '../../services/services';
import { ErrorCode, isKeyfobError } from '../../oauth/errors';
import type { ServerSummary } from '../../oauth/server-summary';
import { ErrorAlert } from '../../components/error-alert';
import { usePageTitle } from '../../components/page-title';
import { AddedProviders } from './added-providers';
import { emptyFields, entryOf, slugOf, type Fields } from './provider-fields';
import { ServerSummaryView } from './server-summary-view';

function Problems({ error }: { error: unknown }) {
  if (isKeyfobError(error, ErrorCode.CONFIG) && error.problems) {
    return (
      <div role="alert" className="alert">
        <p>
          <code>CONFIG</code> This provider cannot be added yet:
        </p>
        <ul>
          {error.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </div>
    );
  }
  return <ErrorAlert error={error} />;
}

/**
 * `/providers/new`: adds a provider from the app itself, by issuer URL (discovery shows what the
 * server supports) or by explicit endpoints. It is kept on this device and connects exactly like a
 * config.json provider; nothing is rebuilt.
 */
export function AddProviderPage() {
  const { customProviders, describeServer, redirectUri } = useServices();
  const navigate = useNavigate();
  const [fields, setFields] = useState<Fields>(emptyFields);
  const [summary, setSummary] = useState<ServerSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle('Add a provider');
  const id = fields.id.trim() || slugOf(fields.name);

  const set = (key: keyof Fields) => (value: string) => {
    setFields((f) => ({ ...f, [key]: value }));
    setSummary(null);
  };

  async function inspect() {
    setBusy(true);
    setError(null);
    try {
      setSummary(await describeServer(customProviders.resolve(id, entryOf(fields))));
    } catch (caught) {
      setSummary(null);
      setError(caught);
    }
    setBusy(false);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const added = await customProviders.add(id, entryOf(fields));
      await navigate(paths.connect(added.id));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const input = (key: keyof Fields, label: string, hint?: string) => (
    <label className="field">
      {label}
      {hint && <span className="muted"> ({hint})</span>}
      <input
        value={fields[key]}
        onChange={(e) => set(key)(e.target.value)}
        type="text"
        inputMode={/endpoint|issuer|url/i.test(key) ? 'url' : 'text'}
        spellCheck={false}
      />
    </label>
  );

  return (
    <div className="stack">
      <form
        onSubmit={(event) => void onSubmit(event)}
        className="stack"
        aria-label="Add a provider"
      >
        <h1>Add a provider</h1>
        <p className="muted">
          Any OAuth 2.0 / OpenID provider that lets a public client use the authorization code flow
          with PKCE. Register{' '}
          {id ? <code>{redirectUri(id)}</code> : 'the address shown here once it has an id'} as its
          redirect URI (exactly: one per provider). The provider is kept on this device only.
        </p>
        {input('name', 'Name')}
        {input(
          'id',
          'Id',
          `letters, digits and "-"; default ${slugOf(fields.name) || 'from the name'}`,
        )}
        {input('clientId', 'Client ID')}
        {input('issuer', 'Issuer URL', 'discovery reads the rest')}
        <fieldset className="stack">
          <legend>Or explicit endpoints (they win over discovery)</legend>
          {input('authorizationEndpoint', 'Authorization endpoint')}
          {input('tokenEndpoint', 'Token endpoint')}
          {input('revocationEndpoint', 'Revocation endpoint', 'optional')}
        </fieldset>
        {input('apiBaseUrl', 'API base URL', 'optional')}
        {input('scopes', 'Scopes', 'separated by spaces')}
        {error !== null && <Problems error={error} />}
        {summary && (
          <ServerSummaryView summary={summary} name={fields.name.trim() || 'This provider'} />
        )}
        <div className="row">
          <button type="button" onClick={() => void inspect()} disabled={busy}>
            Check server
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Add provider
          </button>
          <Link to={paths.home()}>Cancel</Link>
        </div>
      </form>
      <AddedProviders />
    </div>
  );
}
