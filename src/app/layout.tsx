import { useEffect, useRef, useState } from 'react';
import { Link, Outlet, useMatches } from 'react-router';
import { Announcer } from '../components/announcer';
import { skipToContent, useFocusOnNavigate } from '../components/page-focus';
import { useRefreshOnWake } from './use-refresh-on-wake';
import { paths } from '../routing/paths';
import { useServices } from '../services/services';

export function Layout() {
  useRefreshOnWake();
  const { vault } = useServices();
  // Locking or unlocking (here or in another tab) loads every page again with the vault as it is.
  const [vaultVersion, setVaultVersion] = useState(0);
  useEffect(() => vault.subscribe(() => setVaultVersion((v) => v + 1)), [vault]);
  // A route's error page (LOCKED, say) keeps its error until it is mounted anew, even after its
  // loader succeeds on a revalidation: it is, once the route has data again.
  const loaded = useMatches()
    .map((match) => (match.data === undefined ? '-' : '+'))
    .join('');
  const main = useRef<HTMLElement>(null);
  useFocusOnNavigate(main);
  return (
    <Announcer>
      {/* The first tab stop; moves focus without touching the URL (the router owns it). */}
      <a
        href="#content"
        className="skip-link"
        onClick={(event) => {
          event.preventDefault();
          skipToContent(main.current);
        }}
      >
        Skip to content
      </a>
      <header className="top">
        <Link to={paths.home()} className="brand">
          Keyfob
        </Link>
        <nav className="top-nav">
          <Link to={paths.settings()}>Settings</Link>
        </nav>
      </header>
      <main className="page" id="content" tabIndex={-1} ref={main}>
        <Outlet key={`${vaultVersion}${loaded}`} />
      </main>
    </Announcer>
  );
}
