import { replace, type LoaderFunction } from 'react-router';
import { paths } from '../../routing/paths';
import type { Services } from '../../services/services';

/**
 * The callback route's loader: completes the authorization before anything renders, then replaces
 * the callback's history entry with the connection, so no page is ever shown with a code in its
 * URL. The URL is the one start-up copied before it scrubbed the address bar (used once); the
 * router's request signal reaches every request of the exchange, so leaving (Cancel) stops it and
 * a late answer is never stored.
 */
export function callbackLoader({
  flow,
  callbackUrl,
}: Pick<Services, 'flow' | 'callbackUrl'>): LoaderFunction {
  let captured = callbackUrl;
  return async ({ request }) => {
    let url = request.url;
    if (captured && new URL(captured).pathname === new URL(request.url).pathname) {
      url = captured;
      captured = undefined;
    }
    const { connection } = await flow.completeAuthorization(url, { signal: request.signal });
    return replace(paths.connection(connection.id));
  };
}
