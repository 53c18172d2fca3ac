import { useEffect, useState } from 'react';
import { Link, Outlet } from 'react-router';
import { useRefreshOnWake } from '../features/connections/use-refresh-on-wake';
import { paths } from './paths';
import { useServices } from './services';

export function Layout() {
  useRefreshOnWake();
  const { vault } = useServices();
  // Locking or unlocking (here or in another tab) loads every page again with the vault as it is.
  const [vaultVersion, setVaultVersion] = useState(0);
  useEffect(() => vault.subscribe(() => setVaultVersion((v) => v + 1)), [vault]);
  return (
    <>
      <header className="top">
        <Link to={paths.home()} className="brand">
          Keyfob
        </Link>
        <nav className="top-nav">
          <Link to={paths.settings()}>Settings</Link>
        </nav>
      </header>
      <main className="page">
        <Outlet key={vaultVersion} />
      </main>
    </>
  );
}
