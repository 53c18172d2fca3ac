import { useRef } from 'react';
import { Link, Outlet } from 'react-router';
import { Announcer } from '../components/announcer';
import { skipToContent, useFocusOnNavigate } from '../components/page-focus';
import { useRefreshOnWake } from '../features/connections/use-refresh-on-wake';
import { paths } from './paths';

export function Layout() {
  useRefreshOnWake();
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
      </header>
      <main className="page" id="content" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </Announcer>
  );
}
