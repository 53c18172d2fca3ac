import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { paths } from '../../app/paths';
import { useServices } from '../../app/services';
import type { CustomProviderEntry } from '../../config/custom-providers';
import { ConfigError } from '../../config/validate';
import type { ServerSummary } from '../../oauth/server-summary';
import { ErrorAlert } from '../../components/error-alert';
import { usePageTitle } from '../../components/page-title';

type Fields = Record<
  | 'name'
  | 'id'
  | 'clientId'
  | 'issuer'
  | 'authorizationEndpoint'
  | 'tokenEndpoint'
  | 'revocationEndpoint'
  | 'apiBaseUrl'
  | 'scopes',
  string
>;

const empty: Fields = {
  name: '',
  id: '',
  clientId: '',
  issuer: '',
  authorizationEndpoint: '',
  tokenEndpoint: '',
  revocationEndpoint: '',
  apiBaseUrl: '',
  scopes: 'openid profile email',
};

/** "My Provider" -> "my-provider": a provider id config.json would accept. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

function entryOf(fields: Fields): CustomProviderEntry {
  const text = (v: string) => v.trim() || undefined;
  const scopes = fields.scopes.split(/\s+/).filter(Boolean);
  return {
    name: text(fields.name),
    clientId: text(fields.clientId),
    issuer: text(fields.issuer),
    authorizationEndpoint: text(fields.authorizationEndpoint),
    tokenEndpoint: text(fields.tokenEndpoint),
    revocationEndpoint: text(fields.revocationEndpoint),
    apiBaseUrl: text(fields.apiBaseUrl),
    scopes: scopes.length > 0 ? scopes : undefined,
  };
}

function Problems({ error }: { error: unknown }) {
  if (error instanceof ConfigError) {
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

function Summary({ summary }: { summary: ServerSummary }) {
  const s256 = summary.pkceMethods?.includes('S256');
  return (
    <section aria-label="What the server supports">
      <h2>What the server supports</h2>
      <dl>
        <dt>Issuer</dt>
        <dd>
          <code>{summary.issuer}</code>{' '}
          {summary.discovered ? '(discovered)' : '(explicit endpoints)'}
        </dd>
        <dt>Authorization endpoint</dt>
        <dd>
          <code>{summary.authorizationEndpoint}</code>
        </dd>
        <dt>Token endpoint</dt>
        <dd>
          <code>{summary.tokenEndpoint}</code>
        </dd>
        <dt>PKCE methods</dt>
        <dd>
          {summary.pkceMethods
            ? `${summary.pkceMethods.join(', ')}${s256 ? '' : ' — no S256: Keyfob sends S256 anyway, which this server may refuse'}`
            : 'Not advertised (Keyfob sends S256 anyway)'}
        </dd>
        <dt>Revocation</dt>
        <dd>
          {summary.revocationEndpoint ? (
            <>
              Yes, <code>{summary.revocationEndpoint}</code>
            </>
          ) : (
            'No: disconnect only forgets the tokens here'
          )}
        </dd>
        <dt>iss parameter (RFC 9207)</dt>
        <dd>
          {summary.issParameter
            ? 'Yes: responses name the server, and Keyfob checks it'
            : 'No: the server does not name itself in its responses'}
        </dd>
        {summary.scopesSupported && (
          <>
            <dt>Scopes offered</dt>
            <dd>{summary.scopesSupported.join(' ')}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/**
 * `/providers/new`: adds a provider from the app itself, by issuer URL (discovery shows what the
 * server supports) or by explicit endpoints. It is kept on this device and connects exactly like a
 * config.json provider; nothing is rebuilt.
 */
export function AddProviderPage() {
  const { customProviders, describeServer, providers, redirectUri } = useServices();
  const navigate = useNavigate();
  const [fields, setFields] = useState<Fields>(empty);
  const [summary, setSummary] = useState<ServerSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [, setVersion] = useState(0);
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
      navigate(paths.connect(added.id));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  async function remove(providerId: string) {
    await customProviders.remove(providerId);
    setVersion((v) => v + 1);
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

  const mine = customProviders.ids();
  return (
    <div className="stack">
      <form onSubmit={onSubmit} className="stack" aria-label="Add a provider">
        <h1>Add a provider</h1>
        <p className="muted">
          Any OAuth 2.0 / OpenID provider that lets a public client use the authorization code flow
          with PKCE. Register <code>{redirectUri}</code> as its redirect URI. The provider is kept
          on this device only.
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
        {summary && <Summary summary={summary} />}
        <div className="row">
          <button type="button" onClick={inspect} disabled={busy}>
            Check server
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Add provider
          </button>
          <Link to={paths.home()}>Cancel</Link>
        </div>
      </form>
      {mine.length > 0 && (
        <section aria-label="Added on this device">
          <h2>Added on this device</h2>
          <ul className="plain">
            {mine.map((providerId) => (
              <li key={providerId} className="row">
                <span>{providers.find((p) => p.id === providerId)?.name ?? providerId}</span>
                <button type="button" onClick={() => remove(providerId)}>
                  Remove {providers.find((p) => p.id === providerId)?.name ?? providerId}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
