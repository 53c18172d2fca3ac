import { accessSentence } from '../../oauth/browser-access';
import type { ServerSummary } from '../../oauth/server-summary';

/** What "Check server" found: the endpoints, PKCE, revocation, RFC 9207 and browser access. */
export function ServerSummaryView({ summary, name }: { summary: ServerSummary; name: string }) {
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
