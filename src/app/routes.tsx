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
 * The pages the first screen does not need, each its own chunk, loaded on demand (route `lazy`).
 * The connection page is also where a callback lands, so main.tsx starts it on a callback URL.
 */
const pages = {
  connect: () => import('../features/connect/connect-page'),
  connection: () => import('../features/connections/connection-page'),
  addProvider: () => import('../features/custom-providers/add-provider-page'),
  settings: () => import('../features/settings/settings-page'),
};
export const loadConnectionPage = pages.connection;

/**
 * Fetches every lazy page once the first screen is idle, so a later click renders at once instead
 * of waiting on the network; the router's own imports then reuse these (nothing loads twice).
 */
export function prefetchPages(): void {
  for (const load of Object.values(pages)) void load().catch(() => undefined);
}

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
              return (await pages.connect()).ConnectPage;
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
          lazy: { Component: async () => (await pages.connection()).ConnectionPage },
          hydrateFallbackElement: <PageLoading />,
          errorElement,
        },
        {
          path: paths.addProvider.pattern,
          lazy: {
            Component: async () => (await pages.addProvider()).AddProviderPage,
          },
          errorElement,
        },
        {
          path: paths.settings.pattern,
          lazy: {
            Component: async () => (await pages.settings()).SettingsPage,
          },
          errorElement,
        },
        { path: '*', element: <NotFound />, errorElement },
      ],
    },
  ];
}
