import { Link, Outlet } from 'react-router';
import { paths } from './paths';

export function Layout() {
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
