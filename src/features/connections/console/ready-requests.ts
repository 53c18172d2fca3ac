import type { ResolvedProvider } from '../../../config/resolve';
import type { Connection } from '../../../oauth/types';
import type { RequestDraft } from './request-draft';

export interface ResolvedReadyRequest {
  label: string;
  draft: RequestDraft;
}

/**
 * The provider's ready requests for this connection, as drafts: a path that depends on the grant
 * (Convert's first account) is filled in, and one the grant cannot fill is left out.
 */
export function readyRequestsFor(
  provider: ResolvedProvider,
  connection: Connection,
): ResolvedReadyRequest[] {
  return provider.readyRequests.flatMap((ready) => {
    const path = typeof ready.path === 'function' ? ready.path(connection.grant) : ready.path;
    if (path === undefined) return [];
    return [
      {
        label: ready.label,
        draft: { method: ready.method, path, headers: '', body: ready.body ?? '' },
      },
    ];
  });
}

/** The draft the console opens with: the first ready request, else the identity path, else /me. */
export function firstDraft(provider: ResolvedProvider, connection: Connection): RequestDraft {
  const ready = readyRequestsFor(provider, connection)[0];
  if (ready) return ready.draft;
  const path = provider.identity?.path;
  return { method: 'GET', path: typeof path === 'string' ? path : '/me', headers: '', body: '' };
}
