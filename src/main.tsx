import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createBrowserServices } from './app/bootstrap';
import { basename } from './app/paths';
import { routes } from './app/routes';
import { ServicesContext } from './app/services';
import './app/styles.css';
import { ConfigError, loadConfig } from './config';
import { ConfigErrors } from './features/config/config-errors';

const root = createRoot(document.getElementById('root')!);

async function start() {
  try {
    const loaded = await loadConfig(import.meta.env.BASE_URL);
    const services = await createBrowserServices(loaded);
    const router = createBrowserRouter(routes, { basename: basename() });
    root.render(
      <StrictMode>
        <ServicesContext value={services}>
          <RouterProvider router={router} />
        </ServicesContext>
      </StrictMode>,
    );
  } catch (error) {
    const problems =
      error instanceof ConfigError ? error.problems : [`Keyfob could not start: ${String(error)}`];
    root.render(<ConfigErrors problems={problems} />);
  }
}

void start();
