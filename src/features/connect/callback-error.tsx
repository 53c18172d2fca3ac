import { Link, useNavigate, useRouteError } from 'react-router';
import { paths } from '../../routing/paths';
import { ErrorCode, isKeyfobError } from '../../oauth/errors';
import { ErrorAlert } from '../../components/error-alert';
import { usePageTitle } from '../../components/page-title';

/**
 * The callback route's error element: why the sign-in did not complete, Try again (back to that
 * provider's connect page), and for a replayed callback a link to the connection it already made.
 */
export function CallbackError() {
  const error = useRouteError();
  const navigate = useNavigate();
  usePageTitle('Connection failed');
  const providerId = isKeyfobError(error) ? error.providerId : undefined;
  const made = isKeyfobError(error, ErrorCode.TRANSACTION_USED) ? error.connectionId : undefined;
  return (
    <>
      <h1>The connection did not complete</h1>
      <ErrorAlert
        error={error}
        onRetry={() =>
          void navigate(providerId ? paths.connect(providerId) : paths.home(), { replace: true })
        }
      />
      {made && (
        <p>
          This sign-in already made its connection:{' '}
          <Link to={paths.connection(made)}>Open the connection</Link>
        </p>
      )}
      <p>
        <Link to={paths.home()}>Back to connections</Link>
      </p>
    </>
  );
}
