import type { ResolvedProvider } from '../../../config/resolve';
import type { Connection } from '../../../oauth/types';
import { userInfoUrlOf, type ConsoleTarget } from './console-target';
import type { RequestDraft } from './request-draft';

export interface ResolvedReadyRequest {
  label: string;
  draft: RequestDraft;
}

/** The ready request of a provider whose only target is its UserInfo endpoint. */
export const USERINFO_READY_LABEL = 'Your profile (UserInfo)';

/**
 * The provider's ready requests for this connection, as drafts: a path that depends on the grant
 * (Convert's first account) is filled in, and one the grant cannot fill is left out. A provider
 * without an API base has one: GET its UserInfo endpoint.
 */
export function readyRequestsFor(
  provider: ResolvedProvider,
  connection: Connection,
  target?: ConsoleTarget,
): ResolvedReadyRequest[] {
  const userInfo = userInfoUrlOf(target);
  if (userInfo !== undefined) {
    return [
      {
        label: USERINFO_READY_LABEL,
        draft: { method: 'GET', path: userInfo, headers: '', body: '' },
      },
    ];
  }
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
export function firstDraft(
  provider: ResolvedProvider,
  connection: Connection,
  target?: ConsoleTarget,
): RequestDraft {
  const ready = readyRequestsFor(provider, connection, target)[0];
  if (ready) return ready.draft;
  const path = provider.identity?.path;
  return { method: 'GET', path: typeof path === 'string' ? path : '/me', headers: '', body: '' };
}
