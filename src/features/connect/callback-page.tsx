import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { paths } from '../../routing/paths';
import { useServices } from '../../services/services';
import { isKeyfobError } from '../../oauth/errors';
import { ErrorAlert } from '../../components/error-alert';
import { usePageTitle } from '../../components/page-title';

/** The URL this page was opened with: start-up copied it before scrubbing the address bar. */
function openedWith(captured: string | undefined): string {
  const here = window.location.href;
  return captured && new URL(captured).pathname === new URL(here).pathname ? captured : here;
}

/**
 * `/callback/:providerId`: finishes the authorization. The URL is the one start-up copied before
 * it scrubbed the address bar; StrictMode's second effect run gets the same in-flight promise, so
 * the code is exchanged once.
 */
export function CallbackPage({ url }: { url?: string }) {
  const { flow, callbackUrl: captured } = useServices();
  const navigate = useNavigate();
  const [callbackUrl] = useState(() => url ?? openedWith(captured));
  const [error, setError] = useState<unknown>(null);
  usePageTitle(error === null ? 'Finishing the connection' : 'Connection failed');

  useEffect(() => {
    let live = true;
    flow.completeAuthorization(callbackUrl).then(
      ({ connection }) => live && navigate(paths.connection(connection.id), { replace: true }),
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [flow, callbackUrl, navigate]);

  if (error !== null) {
    return (
      <>
        <h1>The connection did not complete</h1>
        <ErrorAlert
          error={error}
          onRetry={() => {
            const providerId = isKeyfobError(error) ? error.providerId : undefined;
            void navigate(providerId ? paths.connect(providerId) : paths.home(), { replace: true });
          }}
        />
        <p>
          <Link to={paths.home()}>Back to connections</Link>
        </p>
      </>
    );
  }
  return (
    <p role="status" aria-live="polite">
      Finishing the connection…
    </p>
  );
}
