import type { DataRouter, RouteObject } from 'react-router';
import type { Services } from '../services/services';
import { createRoutes } from './routes';

interface ChangeSource {
  subscribe(listener: () => void): () => void;
}

/**
 * Reloads the pages' data (router.revalidate) whenever a source says it changed: a connection saved
 * or removed in this tab or another, the vault locked or unlocked. Never in the middle of a
 * navigation, a revalidation or a form (a revalidation would restart the callback's loader and
 * take its transaction twice): the change is remembered and loaded once the router is idle.
 */
export function revalidateOnChange(router: DataRouter, sources: ChangeSource[]): () => void {
  let due = false;
  const busy = () =>
    !router.state.initialized ||
    router.state.navigation.state !== 'idle' ||
    router.state.revalidation !== 'idle' ||
    [...router.state.fetchers.values()].some((fetcher) => fetcher.state !== 'idle');
  const settle = () => {
    if (!due || busy()) return;
    due = false;
    void router.revalidate();
  };
  const stops = [
    router.subscribe(settle),
    ...sources.map((source) =>
      source.subscribe(() => {
        due = true;
        settle();
      }),
    ),
  ];
  return () => stops.forEach((stop) => stop());
}

/** The app's router on the real route table, its data kept fresh as connections and the vault change. */
export function createAppRouter(
  services: Services,
  create: (routes: RouteObject[]) => DataRouter,
): DataRouter {
  const router = create(createRoutes(services));
  revalidateOnChange(router, [services.lifecycle, services.vault]);
  return router;
}
