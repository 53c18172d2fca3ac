import { Link, useLocation, useParams } from 'react-router';
import { paths } from '../../routing/paths';
import { useProvider } from '../../services/services';
import { apiKeyMethodOf } from '../../config/resolve';
import { ApiKeyForm } from './api-key-form';
import { ApiKeyPage } from './api-key-page';
import { OAuthForm } from './oauth-form';
import type { CancelledSignIn } from './callback-progress';
import { usePageTitle } from '../../components/page-title';

/** `/connect/:providerId`: what will be asked, and one button to go and ask it. */
export function ConnectPage() {
  const { providerId } = useParams();
  const provider = useProvider(providerId);
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
  if (!keyMethod) {
    return (
      <OAuthForm
        provider={provider}
        heading="h1"
        title={`Connect ${provider.name}`}
        notice={cancelled}
      />
    );
  }

  // Two ways in (CloudConvert): two clear choices, the one that works here first. A key always
  // works; the authorization only once config.json has set it up.
  const oauth = (
    <OAuthForm
      key="oauth"
      provider={provider}
      heading="h2"
      title={`Sign in with ${provider.name}`}
    />
  );
  const apiKey = <ApiKeyForm key="api-key" provider={provider} method={keyMethod} />;
  return (
    <div className="stack">
      <h1>Connect {provider.name}</h1>
      {cancelled && <p role="status">{cancelled}</p>}
      <p>
        {provider.name} can be connected in two ways: pick one.
        {!provider.configured && ' Signing in is not set up here, so the API key comes first.'}
      </p>
      {provider.configured ? [oauth, apiKey] : [apiKey, oauth]}
    </div>
  );
}
