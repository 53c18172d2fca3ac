import { Link, Outlet } from 'react-router';
import { useRefreshOnWake } from '../features/connections/use-refresh-on-wake';
import { paths } from './paths';

export function Layout() {
  useRefreshOnWake();
  return (
    <>
      <header className="top">
        <Link to={paths.home()} className="brand">
          Keyfob
        </Link>
      </header>
      <main className="page">
        <Outlet />
      </main>
    </>
  );
}
