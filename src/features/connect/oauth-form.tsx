import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { paths } from '../../routing/paths';
import { useServices } from '../../services/services';
import type { ResolvedProvider } from '../../config/resolve';
import { ProviderNotes } from '../../components/provider-notes';
import { BrowserAccessNotes } from './browser-access-notes';
import { ErrorAlert } from '../../components/error-alert';

function providerHost(provider: ResolvedProvider): string {
  const where = provider.issuer ?? provider.authorizationEndpoint;
  return where ? new URL(where).host : provider.name;
}

/** Where the code is exchanged for a token, as it really happens for this provider here. */
export function tokenExchangeLine(provider: ResolvedProvider): string {
  if (provider.useProxy && provider.proxyUrl) {
    return provider.needsClientSecret
      ? `Through the token proxy at ${provider.proxyUrl}, which adds the client secret`
      : `Through the token proxy at ${provider.proxyUrl}, which forwards it without a secret`;
  }
  if (provider.needsClientSecret) {
    return `Needs the token proxy, which holds ${provider.name}'s client secret: not set up here`;
  }
  return 'Straight from your browser, with PKCE and no client secret';
}

/** The authorization form: what will be asked, and one button to go and ask it. */
export function OAuthForm({
  provider,
  heading: Heading,
  title,
  notice,
}: {
  provider: ResolvedProvider;
  heading: 'h1' | 'h2';
  title: string;
  /** A line under the heading, e.g. that a sign-in was cancelled. */
  notice?: string;
}) {
  const { flow, redirectUri, navigateAway } = useServices();
  const [scopes, setScopes] = useState<string[]>(() => provider.defaultScopes);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [triedWithoutScope, setTriedWithoutScope] = useState(false);
  const noScopeId = useId();

  // Asking for nothing would end in a grant of nothing (or the provider's own default set).
  const needsScope = provider.scopes.length > 0 && scopes.length === 0;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (needsScope) {
      setTriedWithoutScope(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      navigateAway(await flow.startAuthorization(provider.id, { scopes, returnTo: paths.home() }));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const toggle = (name: string) =>
    setScopes((current) =>
      current.includes(name) ? current.filter((s) => s !== name) : [...current, name],
    );

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="stack" aria-label={title}>
      <Heading>{title}</Heading>
      {notice && <p role="status">{notice}</p>}
      <dl>
        <dt>Provider</dt>
        <dd>
          {provider.name} at <code>{providerHost(provider)}</code>
        </dd>
        <dt>Redirect URI to register</dt>
        <dd>
          <code>{redirectUri(provider.id)}</code>
        </dd>
        <dt>Token exchange</dt>
        <dd>{tokenExchangeLine(provider)}</dd>
      </dl>
      <fieldset aria-describedby={needsScope ? noScopeId : undefined}>
        <legend>Permissions to ask for</legend>
        {provider.scopes.map((scope) => (
          <label key={scope.name} className="scope">
            <input
              type="checkbox"
              checked={scopes.includes(scope.name)}
              onChange={() => toggle(scope.name)}
            />{' '}
            <code>{scope.name}</code>
            {scope.description !== scope.name && (
              <span className="muted"> — {scope.description}</span>
            )}
          </label>
        ))}
        {needsScope && (
          <p
            id={noScopeId}
            className={triedWithoutScope ? 'alert' : 'muted'}
            role={triedWithoutScope ? 'alert' : undefined}
          >
            Pick at least one permission: {provider.name} would otherwise grant nothing to use.
          </p>
        )}
      </fieldset>
      <ProviderNotes provider={provider} />
      {provider.configured && <BrowserAccessNotes provider={provider} />}
      {!provider.configured && (
        <p role="alert" className="alert">
          <code>CONFIG</code> {provider.name} is not configured: add{' '}
          <code>{provider.missing.join(', ')}</code> to config.json.
        </p>
      )}
      {error !== null && <ErrorAlert error={error} />}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || !provider.configured}>
          Continue to {provider.name}
        </button>
        <Link to={paths.home()}>Cancel</Link>
      </div>
    </form>
  );
}
