import type { ResolvedProvider } from '../config/resolve';
import { ErrorCode, KeyfobError } from './errors';
import type { ConnectionStore } from '../vault/connections';
import { refreshLockName, type LockManagerLike } from './locks';
import type { Connection, ProviderBinding } from './types';

/** The values a credential is bound to, as this deployment now configures the provider. */
export function providerBinding(provider: ResolvedProvider): ProviderBinding {
  const binding: ProviderBinding = {};
  if (provider.issuer !== undefined) binding.issuer = provider.issuer;
  if (provider.tokenEndpoint !== undefined) binding.tokenEndpoint = provider.tokenEndpoint;
  if (provider.apiBaseUrl !== undefined) binding.apiBaseUrl = provider.apiBaseUrl;
  if (provider.clientId !== undefined) binding.clientId = provider.clientId;
  return binding;
}

const FIELDS = ['issuer', 'tokenEndpoint', 'apiBaseUrl', 'clientId'] as const;
const LABEL: Record<(typeof FIELDS)[number], string> = {
  issuer: 'issuer',
  tokenEndpoint: 'token endpoint',
  apiBaseUrl: 'API base URL',
  clientId: 'client id',
};

/**
 * Whether a stored credential may be sent to the provider that now answers to its provider id:
 * undefined when it may, otherwise a PROVIDER_CHANGED error naming what changed. A provider id can
 * be reused (a custom provider removed and added again pointing elsewhere, a config.json edit), and
 * a token must never travel to a server it was not issued by (RFC 9700 4.4, 4.9).
 *
 * Connections stored before bindings were recorded have none. For a built-in provider the
 * endpoints come from the catalog, so such a connection is trusted as long as the issuer it
 * recorded (when it recorded one) still matches; the caller then writes the binding. A custom
 * provider's id says nothing about where it points, so such a connection must be reconnected.
 */
export function bindingProblem(
  connection: Pick<Connection, 'binding' | 'issuer' | 'providerName' | 'providerId'>,
  provider: ResolvedProvider,
): KeyfobError | undefined {
  const now = providerBinding(provider);
  const changed = (what: string) =>
    new KeyfobError(
      ErrorCode.PROVIDER_CHANGED,
      `${provider.name} is now configured with another ${what} than this connection was made with, so its credential is not sent there. Connect again (or disconnect it).`,
      { providerId: provider.id },
    );
  const stored = connection.binding;
  if (!stored) {
    if (!provider.builtIn) {
      return new KeyfobError(
        ErrorCode.PROVIDER_CHANGED,
        `This connection was stored without a record of which server issued it, and ${provider.name} is a provider added here, so Keyfob cannot tell it is the same one. Connect again.`,
        { providerId: provider.id },
      );
    }
    if (
      connection.issuer !== undefined &&
      provider.issuer !== undefined &&
      connection.issuer !== provider.issuer
    ) {
      return changed(LABEL.issuer);
    }
    return undefined;
  }
  for (const field of FIELDS) {
    if (stored[field] !== now[field]) return changed(LABEL[field]);
  }
  return undefined;
}

/** The connection marked as needing a reconnect for `error`'s reason (nothing is sent anywhere). */
export function markedFor(connection: Connection, error: KeyfobError): Connection {
  return {
    ...connection,
    status: 'needs-reconnect',
    statusReason: error.message,
    statusCode: error.code,
  };
}

/**
 * Throws PROVIDER_CHANGED, after marking the stored connection (under its refresh lock when
 * `locks` is given, so a rotation in another tab is not overwritten), when its credential may not
 * go to `provider`. Marking is best effort: the refusal is what protects the credential.
 */
export async function refuseIfRebound(
  deps: { connections: ConnectionStore; locks?: LockManagerLike },
  connection: Connection,
  provider: ResolvedProvider,
): Promise<void> {
  const problem = bindingProblem(connection, provider);
  if (!problem) return;
  const mark = async () => {
    const latest = await deps.connections.get(connection.id);
    if (latest?.credential && latest.status === 'connected') {
      await deps.connections.save(markedFor(latest, problem));
    }
  };
  await (
    deps.locks
      ? deps.locks.request(refreshLockName(connection.id), mark, { waitMs: 5_000 })
      : mark()
  ).catch(() => undefined);
  throw problem;
}
