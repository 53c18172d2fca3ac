import type { Lifecycle } from '../oauth/lifecycle';
import type { Protocol } from './protocol';

/**
 * The protocol core's methods, usable at once while its chunk loads on first use (every method is
 * asynchronous already). One load per page: `warm()` starts it early (a callback URL, the connect
 * page) and every later call reuses it; a failed load (offline) is tried again on the next call.
 */
export function lazyProtocol(load: () => Promise<Protocol>) {
  let loading: Promise<Protocol> | undefined;
  const core = () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  type Core = Protocol;
  const lifecycle: Pick<
    Lifecycle,
    'disconnect' | 'refreshDue' | 'refreshIfDue' | 'refreshNow' | 'userInfoEndpoint'
  > = {
    disconnect: async (id) => (await core()).lifecycle.disconnect(id),
    userInfoEndpoint: async (id) => (await core()).lifecycle.userInfoEndpoint(id),
    refreshDue: async () => (await core()).lifecycle.refreshDue(),
    refreshIfDue: async (id) => (await core()).lifecycle.refreshIfDue(id),
    refreshNow: async (id) => (await core()).lifecycle.refreshNow(id),
  };
  return {
    warm: () => void core().catch(() => undefined),
    flow: {
      startAuthorization: async (...args: Parameters<Core['flow']['startAuthorization']>) =>
        (await core()).flow.startAuthorization(...args),
      completeAuthorization: async (...args: Parameters<Core['flow']['completeAuthorization']>) =>
        (await core()).flow.completeAuthorization(...args),
    } satisfies Core['flow'],
    api: (async (...args) => (await core()).api(...args)) satisfies Core['api'],
    lifecycle,
    apiKeys: {
      saveApiKey: async (...args: Parameters<Core['apiKeys']['saveApiKey']>) =>
        (await core()).apiKeys.saveApiKey(...args),
    } satisfies Core['apiKeys'],
    checkConnection: (async (...args) =>
      (await core()).checkConnection(...args)) satisfies Core['checkConnection'],
    describeServer: (async (...args) =>
      (await core()).describeServer(...args)) satisfies Core['describeServer'],
  };
}
