import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createBrowserServices } from './app/bootstrap';
import { basename } from './routing/paths';
import { createAppRouter } from './app/app-router';
import { loadConnectionPage, prefetchPages } from './app/routes';
import { ServicesContext } from './services/services';
import { captureCallback, isFramed } from './app/start-up';
import './app/styles.css';
import { loadConfig } from './config';
import { ErrorCode, isKeyfobError } from './oauth/errors';
import { ConfigErrors } from './features/config/config-errors';

// First, before anything asynchronous: the callback's code and state leave the address bar.
const callbackUrl = captureCallback(window);
if (callbackUrl) {
  // A callback needs the protocol core and then the connection page: both load while config.json
  // and the vault do, not after them (the router and bootstrap reuse these same imports).
  void import('./app/protocol');
  void loadConnectionPage();
}
const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element to render Keyfob into');
const root = createRoot(rootElement);

async function start() {
  try {
    const loaded = await loadConfig(import.meta.env.BASE_URL);
    const services = await createBrowserServices(loaded, { callbackUrl });
    const router = createAppRouter(services, (routes) =>
      createBrowserRouter(routes, { basename: basename() }),
    );
    root.render(
      <StrictMode>
        <ServicesContext value={services}>
          <RouterProvider router={router} />
        </ServicesContext>
      </StrictMode>,
    );
    // Once the first screen is up: the other pages and the protocol core, off its critical path.
    // Not on a callback: its loader waits on IndexedDB, and idle time there is not spare time.
    const whenIdle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
    if (!callbackUrl) {
      whenIdle(() => {
        prefetchPages();
        services.warmProtocol?.();
      });
    }
  } catch (error) {
    const problems = isKeyfobError(error, ErrorCode.CONFIG)
      ? [...(error.problems ?? [error.message])]
      : [`Keyfob could not start: ${String(error)}`];
    root.render(<ConfigErrors problems={problems} />);
  }
}

if (isFramed(window)) {
  // Another page framing Keyfob could clickjack Disconnect or Reveal key: nothing is shown or run.
  root.render(
    <p role="alert" className="alert">
      <code>FRAMED</code> Keyfob does not run inside another page. Open it in a tab of its own.
    </p>,
  );
} else {
  void start();
}
