import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { useServices } from '../../services/services';
import type { DisconnectResult } from '../../oauth/revoke';
import type { StorageHealth } from '../../vault/storage-health';

/** The sentence the home page shows after a disconnect: what happened at the provider, and here. */
export function describeDisconnect(result: DisconnectResult): string {
  const name = result.providerName;
  switch (result.revocation) {
    case 'revoked':
      return `Disconnected ${name}: access revoked at the provider and removed from this browser.`;
    case 'unsupported':
      return `Disconnected ${name}: removed from this browser. It could not be revoked at the provider (${result.reason}), so it stays valid there until it expires.`;
    case 'failed':
      return `Disconnected ${name}: it could not be revoked at the provider (${result.reason}); removed from this browser.`;
  }
}

/** The notice a disconnect left in the navigation state. */
export function DisconnectNotice() {
  const { state } = useLocation() as { state: { disconnected?: DisconnectResult } | null };
  const result = state?.disconnected;
  if (!result) return null;
  return (
    <p role="status" className={result.revocation === 'revoked' ? 'status ok' : 'alert'}>
      {describeDisconnect(result)}
    </p>
  );
}

/**
 * Whether the browser already cleared the vault once (always said), and whether it keeps it for
 * good (said only once something is stored: before that there is nothing to lose).
 */
export function StorageStatus({ hasStored }: { hasStored: boolean }) {
  const { lifecycle } = useServices();
  const [health, setHealth] = useState<StorageHealth>();
  useEffect(() => {
    let live = true;
    const check = () =>
      lifecycle.storageHealth().then(
        (h) => live && setHealth(h),
        () => undefined,
      );
    void check();
    const unsubscribe = lifecycle.subscribe(() => void check());
    return () => {
      live = false;
      unsubscribe();
    };
  }, [lifecycle]);
  if (!health) return null;
  return (
    <>
      {health.lostConnections > 0 && (
        <div role="alert" className="alert">
          <p>
            Your browser cleared Keyfob&apos;s storage: {health.lostConnections}{' '}
            {health.lostConnections === 1 ? 'connection is' : 'connections are'} gone from this
            device. Connect again.
          </p>
          <button
            type="button"
            onClick={() =>
              void lifecycle
                .acknowledgeLoss()
                .then(() => setHealth({ ...health, lostConnections: 0 }))
            }
          >
            Dismiss
          </button>
        </div>
      )}
      {hasStored && (
        <p className="muted">
          {health.persistence === 'granted'
            ? 'Persistent storage: granted (the browser will not clear your connections to free space).'
            : health.persistence === 'not-granted'
              ? 'Persistent storage: not granted (the browser may clear your connections when space runs low).'
              : 'Persistent storage: not available in this browser.'}
        </p>
      )}
    </>
  );
}
