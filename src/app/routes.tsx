import type { RouteObject } from 'react-router';
import { callbackLoader } from '../features/connect/callback-loader';
import { CallbackError } from '../features/connect/callback-error';
import { CallbackProgress } from '../features/connect/callback-progress';
import {
  connectionLoader,
  connectionsLoader,
  disconnectAction,
  keepDisconnectedPage,
} from '../features/connections/connection-routes';
import { ConnectionsPage } from '../features/connections/connections-page';
import { usePageTitle } from '../components/page-title';
import { PageLoading, RouteError } from '../components/route-error';
import { paths } from '../routing/paths';
import type { Services } from '../services/services';
import { Layout } from './layout';

/**
 * The connection page's chunk. Pages the first screen does not need load on demand (route `lazy`);
 * this one is also where a callback lands, so main.tsx starts loading it on a callback URL.
 */
export const loadConnectionPage = () => import('../features/connections/connection-page');

function NotFound() {
  usePageTitle('Not found');
  return (
    <div role="alert" className="alert">
      <h1>Not found</h1>
      <p>
        <code>NOT_FOUND</code> There is no page at this address.
      </p>
    </div>
  );
}

/**
 * The route table, shared by the browser router and the tests' memory router. Loaders and actions
 * get the services from here (they run outside React); pages still read them from context.
 */
export function createRoutes(services: Services): RouteObject[] {
  const errorElement = <RouteError />;
  const callback: RouteObject = {
    loader: callbackLoader(services),
    // A callback runs once: revalidating it would take its (used) transaction a second time.
    shouldRevalidate: () => false,
    HydrateFallback: CallbackProgress,
    // Nothing to render: the loader always redirects or throws to the error element.
    element: null,
    errorElement: <CallbackError />,
  };
  return [
    {
      element: <Layout />,
      errorElement,
      children: [
        {
          path: paths.home.pattern,
          loader: connectionsLoader(services),
          element: <ConnectionsPage />,
          hydrateFallbackElement: <PageLoading />,
          errorElement,
        },
        {
          path: paths.connect.pattern,
          lazy: {
            Component: async () => {
              // The click on Continue needs the protocol core: load it while the page renders.
              services.warmProtocol?.();
              return (await import('../features/connect/connect-page')).ConnectPage;
            },
          },
          errorElement,
        },
        { path: paths.callback.pattern, ...callback },
        // A response on the old shared redirect URI is refused by the flow (REDIRECT_URI_MISMATCH).
        { path: paths.sharedCallback.pattern, ...callback },
        {
          path: paths.connection.pattern,
          loader: connectionLoader(services),
          action: disconnectAction(services),
          shouldRevalidate: keepDisconnectedPage,
          lazy: { Component: async () => (await loadConnectionPage()).ConnectionPage },
          hydrateFallbackElement: <PageLoading />,
          errorElement,
        },
        {
          path: paths.addProvider.pattern,
          lazy: {
            Component: async () =>
              (await import('../features/custom-providers/add-provider-page')).AddProviderPage,
          },
          errorElement,
        },
        {
          path: paths.settings.pattern,
          lazy: {
            Component: async () =>
              (await import('../features/settings/settings-page')).SettingsPage,
          },
          errorElement,
        },
        { path: '*', element: <NotFound />, errorElement },
      ],
    },
  ];
}
