import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { paths } from '../../routing/paths';
import { useServices } from '../../services/services';
import type { CustomProviderEntry } from '../../config/custom-providers';
import { accessSentence } from '../../oauth/browser-access';
import { ErrorCode, isKeyfobError } from '../../oauth/errors';
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

function Summary({ summary, name }: { summary: ServerSummary; name: string }) {
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
      {summary.browserAccess && summary.browserAccess.length > 0 && (
        <ul aria-label="Browser access" className="plain">
          {summary.browserAccess.map((result) => (
            <li key={result.endpoint}>{accessSentence(name, result)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * `/providers/new`: adds a provider from the app itself, by issuer URL (discovery shows what the
 * server supports) or by explicit endpoints. It is kept on this device and connects exactly like a
 * config.json provider; nothing is rebuilt.
 */
export function AddProviderPage() {
  const { customProviders, describeServer, providers, redirectUri, connections, lifecycle } =
    useServices();
  // How many stored connections each added provider has: removing it can disconnect them too.
  const [connected, setConnected] = useState<Record<string, string[]>>({});
  const [removing, setRemoving] = useState<string | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const navigate = useNavigate();
  const [fields, setFields] = useState<Fields>(empty);
  const [summary, setSummary] = useState<ServerSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
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

  useEffect(() => {
    let live = true;
    void connections
      .list()
      .then((all) => {
        const byProvider: Record<string, string[]> = {};
        for (const c of all) (byProvider[c.providerId] ??= []).push(c.id);
        if (live) setConnected(byProvider);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [connections, version]);

  /**
   * Removes the provider; with `disconnectToo`, first disconnects (revokes and deletes) every
   * connection made with it. Without, they stay, and will never be sent to a provider that later
   * reuses this id (they are bound to this one's endpoints and client id).
   */
  async function remove(providerId: string, disconnectToo: boolean) {
    setRemoving(providerId);
    setRemoveError(null);
    const name = providers.find((p) => p.id === providerId)?.name ?? providerId;
    const notRevoked: string[] = [];
    try {
      if (disconnectToo) {
        for (const id of connected[providerId] ?? []) {
          const result = await lifecycle.disconnect(id);
          if (result.revocation !== 'revoked' && result.reason) notRevoked.push(result.reason);
        }
      }
      await customProviders.remove(providerId);
      setRemoved(
        disconnectToo
          ? `Removed ${name} and disconnected its connections.${notRevoked.length > 0 ? ` Not revoked at the provider: ${notRevoked.join('; ')}.` : ''}`
          : `Removed ${name}. Its connections stay on this device until you disconnect them.`,
      );
    } catch (caught) {
      // The buttons come back with the reason, so a failed removal can be tried again.
      setRemoveError(caught);
    }
    setRemoving(null);
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
      <form onSubmit={(event) => void onSubmit(event)} className="stack" aria-label="Add a provider">
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
        {summary && <Summary summary={summary} name={fields.name.trim() || 'This provider'} />}
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
      {removed && <p role="status">{removed}</p>}
      {removeError !== null && <ErrorAlert error={removeError} />}
      {mine.length > 0 && (
        <section aria-label="Added on this device">
          <h2>Added on this device</h2>
          <ul className="plain">
            {mine.map((providerId) => {
              const name = providers.find((p) => p.id === providerId)?.name ?? providerId;
              const count = connected[providerId]?.length ?? 0;
              return (
                <li key={providerId} className="row">
                  <span>{name}</span>
                  <button
                    type="button"
                    onClick={() => void remove(providerId, false)}
                    disabled={removing !== null}
                  >
                    Remove {name}
                  </button>
                  {count > 0 && (
                    <button
                      type="button"
                      onClick={() => void remove(providerId, true)}
                      disabled={removing !== null}
                    >
                      Remove {name} and disconnect its{' '}
                      {count === 1 ? 'connection' : `${count} connections`}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
