import { createContext, useContext } from 'react';
import type { ResolvedProvider } from '../config/resolve';
import type { AuthorizationFlow } from '../oauth/flow';
import type { ConnectionStore } from '../vault/connections';

/** Everything the pages need from outside React, injected once so tests can swap any of it. */
export interface Services {
  providers: ResolvedProvider[];
  flow: AuthorizationFlow;
  connections: ConnectionStore;
  redirectUri: string;
  /** Leaves the app for the provider's authorize page. */
  navigateAway(url: URL): void;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices must be used inside <ServicesContext>');
  return services;
}

export function useProvider(id: string | undefined): ResolvedProvider | undefined {
  return useServices().providers.find((p) => p.id === id);
}
