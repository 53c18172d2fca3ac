import { useEffect, useState } from 'react';
import { useServices } from '../../services/services';
import { ErrorAlert } from '../../components/error-alert';

/**
 * The providers added on this device, each with Remove and, when it has connections, Remove and
 * disconnect them.
 */
export function AddedProviders() {
  const { customProviders, providers, connections, lifecycle } = useServices();
  // How many stored connections each added provider has: removing it can disconnect them too.
  const [connected, setConnected] = useState<Record<string, string[]>>({});
  const [removing, setRemoving] = useState<string | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    void connections
      .list()
      .then((all) => {
        const byProvider: Record<string, string[]> = {};
        for (const c of all) (byProvider[c.providerId] ??= []).push(c.id);
        if (live) setConnected(byProvider);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [connections, version]);

  /**
   * Removes the provider; with `disconnectToo`, first disconnects (revokes and deletes) every
   * connection made with it. Without, they stay, and will never be sent to a provider that later
   * reuses this id (they are bound to this one's endpoints and client id).
   */
  async function remove(providerId: string, disconnectToo: boolean) {
    setRemoving(providerId);
    setRemoveError(null);
    const name = providers.find((p) => p.id === providerId)?.name ?? providerId;
    const notRevoked: string[] = [];
    try {
      if (disconnectToo) {
        for (const id of connected[providerId] ?? []) {
          const result = await lifecycle.disconnect(id);
          if (result.revocation !== 'revoked' && result.reason) notRevoked.push(result.reason);
        }
      }
      await customProviders.remove(providerId);
      setRemoved(
        disconnectToo
          ? `Removed ${name} and disconnected its connections.${notRevoked.length > 0 ? ` Not revoked at the provider: ${notRevoked.join('; ')}.` : ''}`
          : `Removed ${name}. Its connections stay on this device until you disconnect them.`,
      );
    } catch (caught) {
      // The buttons come back with the reason, so a failed removal can be tried again.
      setRemoveError(caught);
    }
    setRemoving(null);
    setVersion((v) => v + 1);
  }

  const mine = customProviders.ids();
  return (
    <>
      {removed && <p role="status">{removed}</p>}
      {removeError !== null && <ErrorAlert error={removeError} />}
      {mine.length > 0 && (
        <section aria-label="Added on this device">
          <h2>Added on this device</h2>
          <ul className="plain">
            {mine.map((providerId) => {
              const name = providers.find((p) => p.id === providerId)?.name ?? providerId;
              const count = connected[providerId]?.length ?? 0;
              return (
                <li key={providerId} className="row">
                  <span>{name}</span>
                  <button
                    type="button"
                    onClick={() => void remove(providerId, false)}
                    disabled={removing !== null}
                  >
                    Remove {name}
                  </button>
                  {count > 0 && (
                    <button
                      type="button"
                      onClick={() => void remove(providerId, true)}
                      disabled={removing !== null}
                    >
                      Remove {name} and disconnect its{' '}
                      {count === 1 ? 'connection' : `${count} connections`}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </>
  );
}
