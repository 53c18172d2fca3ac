import type { RouteObject } from 'react-router';
import { CallbackPage } from '../features/connect/callback-page';
import { ConnectPage } from '../features/connect/connect-page';
import { ConnectionPage } from '../features/connections/connection-page';
import { ConnectionsPage } from '../features/connections/connections-page';
import { AddProviderPage } from '../features/custom-providers/add-provider-page';
import { SettingsPage } from '../features/settings/settings-page';
import { usePageTitle } from '../components/page-title';
import { paths } from '../routing/paths';
import { Layout } from './layout';

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

/** The route table, shared by the browser router and the tests' memory router. */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { path: paths.home.pattern, element: <ConnectionsPage /> },
      { path: paths.connect.pattern, element: <ConnectPage /> },
      { path: paths.callback.pattern, element: <CallbackPage /> },
      // A response on the old shared redirect URI is refused by the flow (REDIRECT_URI_MISMATCH).
      { path: paths.sharedCallback.pattern, element: <CallbackPage /> },
      { path: paths.connection.pattern, element: <ConnectionPage /> },
      { path: paths.addProvider.pattern, element: <AddProviderPage /> },
      { path: paths.settings.pattern, element: <SettingsPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];
