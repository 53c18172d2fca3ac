import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { ErrorCode, isKeyfobError } from '../oauth/errors';
import { paths } from '../routing/paths';
import { ErrorAlert } from './error-alert';
import { usePageTitle } from './page-title';

/** The heading and title for what went wrong, by its code (never by its message). */
function headingOf(error: unknown): string {
  if (isKeyfobError(error, ErrorCode.LOCKED)) return 'Keyfob is locked';
  if (isKeyfobError(error, ErrorCode.STORAGE)) return 'Storage failed';
  if (isRouteErrorResponse(error) && error.status === 404) return 'Not found';
  return 'Something went wrong';
}

/**
 * Every route's error element: a loader, an action or a page that failed shows its stable code and
 * sentence (with Unlock or Reset local data where they help) instead of a blank page.
 */
export function RouteError() {
  const error = useRouteError();
  const heading = headingOf(error);
  usePageTitle(heading);
  return (
    <>
      <h1>{heading}</h1>
      <ErrorAlert error={error} />
      <p>
        <Link to={paths.home()}>Back to connections</Link>
      </p>
    </>
  );
}

/** What a page shows while its loader reads the vault on a first load. */
export function PageLoading() {
  return <p role="status">Loading…</p>;
}
