import { Link } from 'react-router';
import { paths } from '../../routing/paths';
import type { ApiKeyMethod, ResolvedProvider } from '../../config/resolve';
import { ProviderNotes } from '../../components/provider-notes';
import { ApiKeyForm } from './api-key-form';

/** `/connect/:providerId` for a provider connected with an API key (WhatConverts). */
export function ApiKeyPage({
  provider,
  method,
}: {
  provider: ResolvedProvider;
  method: ApiKeyMethod;
}) {
  return (
    <div className="stack">
      <h1>Connect {provider.name}</h1>
      <dl>
        <dt>Provider</dt>
        <dd>
          {provider.name}
          {provider.apiBaseUrl && (
            <>
              {' '}
              at <code>{new URL(provider.apiBaseUrl).host}</code>
            </>
          )}
        </dd>
        <dt>Sign-in</dt>
        <dd>
          {method === 'api-key'
            ? 'An API key, sent as a Bearer token'
            : 'An API token and secret, sent with HTTP Basic'}
        </dd>
      </dl>
      <ProviderNotes provider={provider} />
      <ApiKeyForm provider={provider} method={method} />
      <Link to={paths.home()}>Cancel</Link>
    </div>
  );
}
