import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { paths } from '../../routing/paths';
import { useProvider } from '../../services/services';
import { useAnnounce } from '../../components/announcer';
import { usePageTitle } from '../../components/page-title';

/** How long the callback waits quietly before it offers Cancel. */
export const CANCEL_AFTER_MS = 3000;

/** What the connect page is told when the person cancelled a sign-in on the callback. */
export interface CancelledSignIn {
  cancelledSignIn: string;
}

/**
 * Shown while the callback's loader completes the sign-in (the route's hydrate fallback: the
 * callback is always a first load). After a few seconds it offers Cancel: leaving the route aborts
 * the loader's request, so every request of the exchange stops and nothing it answers is stored.
 */
export function CallbackProgress() {
  const { providerId } = useParams();
  const provider = useProvider(providerId);
  const navigate = useNavigate();
  const announce = useAnnounce();
  const [slow, setSlow] = useState(false);
  usePageTitle('Finishing the connection');
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), CANCEL_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
  const name = provider?.name ?? 'the provider';

  function cancel() {
    const message = `Sign-in cancelled: Keyfob stopped waiting for ${name} and stored nothing.`;
    announce(message);
    const state: CancelledSignIn = { cancelledSignIn: message };
    void navigate(provider ? paths.connect(provider.id) : paths.home(), { replace: true, state });
  }

  return (
    <div className="stack">
      <h1>Finishing the connection</h1>
      <p role="status" aria-live="polite">
        Completing sign-in with {name}…
      </p>
      {slow && (
        <>
          <p className="muted">
            {provider?.name ?? 'The provider'} is slow to answer. Each step gives up after 15 s, or
            stop waiting now.
          </p>
          <div className="row">
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </>
      )}
    </div>
  );
}
