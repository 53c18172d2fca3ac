import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { paths } from '../../routing/paths';
import { useProvider, useServices } from '../../services/services';
import { apiKeyMethodOf, type ResolvedProvider } from '../../config/resolve';
import { ApiKeyForm } from './api-key-form';
import { ApiKeyPage } from './api-key-page';
import { ProviderNotes } from '../../components/provider-notes';
import { BrowserAccessNotes } from './browser-access-notes';
import type { CancelledSignIn } from './callback-progress';
import { ErrorAlert } from '../../components/error-alert';
import { usePageTitle } from '../../components/page-title';

function providerHost(provider: ResolvedProvider): string {
  const where = provider.issuer ?? provider.authorizationEndpoint;
  return where ? new URL(where).host : provider.name;
}

/** `/connect/:providerId`: what will be asked, and one button to go and ask it. */
export function ConnectPage() {
  const { providerId } = useParams();
  const provider = useProvider(providerId);
  const { flow, redirectUri, navigateAway } = useServices();
  const [scopes, setScopes] = useState<string[]>(() => provider?.defaultScopes ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [triedWithoutScope, setTriedWithoutScope] = useState(false);
  const noScopeId = useId();
  // Back from a sign-in the person cancelled on the callback: say so once, here.
  const cancelled = (useLocation().state as Partial<CancelledSignIn> | null)?.cancelledSignIn;
  usePageTitle(provider ? `Connect ${provider.name}` : 'Unknown provider');

  if (!provider) {
    return (
      <div role="alert" className="alert">
        <p>
          <code>CONFIG</code> There is no provider called “{providerId}” in config.json.
        </p>
        <Link to={paths.home()}>Back to connections</Link>
      </div>
    );
  }

  const keyMethod = apiKeyMethodOf(provider);
  // WhatConverts (and CloudConvert set to "api-key"): a key form instead of an authorization.
  if (provider.authMethod !== 'oauth' && keyMethod) {
    return <ApiKeyPage provider={provider} method={keyMethod} />;
  }

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
      navigateAway(await flow.startAuthorization(provider!.id, { scopes, returnTo: paths.home() }));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const toggle = (name: string) =>
    setScopes((current) =>
      current.includes(name) ? current.filter((s) => s !== name) : [...current, name],
    );

  const oauthForm = (
    <form onSubmit={onSubmit} className="stack">
      <h1>Connect {provider.name}</h1>
      {cancelled && <p role="status">{cancelled}</p>}
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
        <dd>
          {provider.useProxy
            ? `Through the token proxy at ${provider.proxyUrl}, which adds the client secret`
            : 'Straight from your browser, with PKCE and no client secret'}
        </dd>
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
  // CloudConvert takes either: the authorization above, or a key pasted below.
  return keyMethod ? (
    <div className="stack">
      {oauthForm}
      <ApiKeyForm provider={provider} method={keyMethod} />
    </div>
  ) : (
    oauthForm
  );
}
