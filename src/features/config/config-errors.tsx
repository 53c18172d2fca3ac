import { usePageTitle } from '../../components/page-title';

/** Shown instead of the app when config.json is unusable: every problem at once, in one list. */
export function ConfigErrors({ problems }: { problems: string[] }) {
  usePageTitle('config.json needs fixing');
  return (
    <>
      {/* The same header as every page; a plain link, since no router runs without a config. */}
      <header className="top">
        <a href={import.meta.env.BASE_URL} className="brand">
          Keyfob
        </a>
      </header>
      <main className="page">
        <div role="alert" className="alert">
          <h1>Keyfob cannot start: config.json needs fixing</h1>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
          <p>Fix these in config.json (next to index.html) and reload; no rebuild is needed.</p>
        </div>
      </main>
    </>
  );
}
