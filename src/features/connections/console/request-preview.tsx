import { useState } from 'react';
import type { ResolvedProvider } from '../../../config/resolve';
import { describeApiRequest, type DescribedRequest } from '../../../oauth/api-request';
import type { Connection } from '../../../oauth/types';
import { useAnnounce } from '../../../components/announcer';
import { curlCommand } from './curl';
import { HeaderTable } from './header-table';
import { isProblem, type ConsoleRequest, type DraftProblem } from './request-draft';

function describe(
  provider: ResolvedProvider,
  connection: Connection,
  request: ConsoleRequest | DraftProblem,
  userInfoEndpoint: string | undefined,
): DescribedRequest | string {
  if (isProblem(request)) return request.message;
  try {
    return describeApiRequest(provider, connection, request.path, request.init, userInfoEndpoint);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Exactly what Send would put on the wire, built by the same functions authorizedFetch uses, with
 * the credential redacted; Copy as curl copies it with a shell variable for the credential.
 */
export function RequestPreview({
  provider,
  connection,
  request,
  userInfoEndpoint,
}: {
  provider: ResolvedProvider;
  connection: Connection;
  request: ConsoleRequest | DraftProblem;
  /** For a provider without an API base: the one URL calls may go to. */
  userInfoEndpoint?: string;
}) {
  const announce = useAnnounce();
  const [copyFailed, setCopyFailed] = useState<string>();
  const described = describe(provider, connection, request, userInfoEndpoint);

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopyFailed(undefined);
      announce('Copied');
    } catch (error) {
      setCopyFailed(`Could not copy: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return (
    <section aria-label="Request preview" className="console-preview stack">
      <h3>Request preview</h3>
      {typeof described === 'string' ? (
        <p className="muted">Nothing can be sent yet: {described}</p>
      ) : (
        <>
          <p>
            <code>
              {described.method} {described.url}
            </code>
          </p>
          <HeaderTable headers={described.headers} caption="Request headers" />
          {provider.useApiRelay && (
            // The proxy's relay (proxy/relay.ts) forwards only these request headers upstream.
            <p className="muted">
              Through the proxy&apos;s relay, which passes on only{' '}
              {['authorization', 'content-type', 'accept', 'dpop', ...provider.relayHeaders].join(
                ', ',
              )}
              .
            </p>
          )}
          {described.body !== undefined && <pre className="console-body">{described.body}</pre>}
          <div className="row">
            <button type="button" onClick={() => void copy(curlCommand(described))}>
              Copy as curl
            </button>
            <span className="muted">
              The command reads the credential from <code>$KEYFOB_TOKEN</code>.
            </span>
          </div>
          {copyFailed && <p className="field-error">{copyFailed}</p>}
        </>
      )}
    </section>
  );
}
