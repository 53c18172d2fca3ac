import { useEffect, useRef, useState } from 'react';
import { useServices } from '../../services/services';
import type { ResolvedProvider } from '../../config/resolve';
import { accessSentence, type EndpointAccess } from '../../oauth/browser-access';

/**
 * Whether this page may call the provider's token endpoint (and revocation, UserInfo, API base),
 * probed without any code or credential before the person is sent away. Advisory: when the probe
 * itself fails (discovery down, say), nothing is shown and Continue says what went wrong.
 */
export function BrowserAccessNotes({ provider }: { provider: ResolvedProvider }) {
  const { describeServer } = useServices();
  const [results, setResults] = useState<EndpointAccess[]>([]);
  // Probed once per provider shown, not again for every new copy of the same provider's settings.
  const current = useRef(provider);
  useEffect(() => {
    current.current = provider;
  });
  const id = provider.id;
  useEffect(() => {
    let live = true;
    describeServer(current.current).then(
      (summary) => live && setResults(summary.browserAccess ?? []),
      () => live && setResults([]),
    );
    return () => {
      live = false;
    };
  }, [describeServer, id]);
  if (results.length === 0) return null;
  return (
    <ul aria-label="Browser access" className="plain">
      {results.map((result) => (
        <li key={result.endpoint}>{accessSentence(provider.name, result)}</li>
      ))}
    </ul>
  );
}
