import type { ResolvedProvider } from '../../config/resolve';
import type { FetchLike } from '../http';
import { convertTokenFetch } from './convert';

/**
 * Named quirk adapters: a provider whose token endpoint strays from the standard gets a small
 * customFetch wrapper here, and nothing more; everything else is plain oauth4webapi.
 */
export function tokenEndpointFetch(
  provider: ResolvedProvider,
  next: FetchLike,
  now: () => number,
): FetchLike {
  if (provider.tokenAdapter === 'convert') {
    return convertTokenFetch(next, { now, direct: !provider.useProxy });
  }
  return next;
}
