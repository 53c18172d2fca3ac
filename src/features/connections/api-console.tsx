import { useRef, useState } from 'react';
import { useServices } from '../../services/services';
import type { ResolvedProvider } from '../../config/resolve';
import type { Connection } from '../../oauth/types';
import { ErrorAlert } from '../../components/error-alert';
import { useAnnounce } from '../../components/announcer';

type Outcome = { kind: 'answer'; status: number; body: string } | { kind: 'error'; error: unknown };

/** The provider's own "who am I" path when the catalog names one; `/me` otherwise. */
function defaultPath(provider: ResolvedProvider | undefined): string {
  const path = provider?.identity?.path;
  return typeof path === 'string' ? path : '/me';
}

async function pretty(response: Response): Promise<string> {
  const text = await response.text();
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * Calls the provider's API with the stored credential (through authorizedFetch, so it refreshes
 * when needed). Every press makes a call, also while others are under way: the answer shown is
 * the one to the latest press.
 */
export function ApiConsole({
  connection,
  provider,
}: {
  connection: Connection;
  provider: ResolvedProvider | undefined;
}) {
  const { api } = useServices();
  const [path, setPath] = useState(() => defaultPath(provider));
  const [pending, setPending] = useState(0);
  const [outcome, setOutcome] = useState<Outcome>();
  const latest = useRef(0);
  const announce = useAnnounce();

  async function call() {
    const mine = ++latest.current;
    setPending((n) => n + 1);
    let result: Outcome;
    const started = performance.now();
    try {
      const response = await api(connection.id, path);
      result = { kind: 'answer', status: response.status, body: await pretty(response) };
    } catch (error) {
      result = { kind: 'error', error };
    }
    if (mine === latest.current) {
      setOutcome(result);
      const ms = Math.round(performance.now() - started);
      announce(result.kind === 'answer' ? `HTTP ${result.status} in ${ms} ms` : 'The call failed');
    }
    setPending((n) => n - 1);
  }

  if (!provider?.apiBaseUrl) return null;
  return (
    <section aria-label="API console" className="stack">
      <h2>API console</h2>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          void call();
        }}
      >
        <label>
          Path under <code>{provider.apiBaseUrl}</code>{' '}
          <input value={path} onChange={(event) => setPath(event.target.value)} />
        </label>
        <button type="submit">Call API</button>
      </form>
      <p role="status" className="muted">
        {pending > 0 ? `Calling… (${pending} in flight)` : outcome ? 'Done' : ''}
      </p>
      {outcome?.kind === 'answer' && (
        <div aria-label="API answer">
          <p>HTTP {outcome.status}</p>
          <pre tabIndex={0}>{outcome.body}</pre>
        </div>
      )}
      {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} />}
    </section>
  );
}
