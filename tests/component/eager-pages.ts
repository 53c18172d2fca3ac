import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { ConnectPage } from '../../src/features/connect/connect-page';
import { ConnectionPage } from '../../src/features/connections/connection-page';
import { AddProviderPage } from '../../src/features/custom-providers/add-provider-page';
import { SettingsPage } from '../../src/features/settings/settings-page';
import { paths } from '../../src/routing/paths';

/** The pages src/app/routes.tsx loads on demand (route `lazy`), by their route pattern. */
const PAGES: Record<string, ComponentType> = {
  [paths.connect.pattern]: ConnectPage,
  [paths.connection.pattern]: ConnectionPage,
  [paths.addProvider.pattern]: AddProviderPage,
  [paths.settings.pattern]: SettingsPage,
};

/**
 * The route table with its lazy pages put in place up front. The component tests check what a page
 * shows and does, synchronously after render (and under fake timers); loading on demand is the
 * built app's concern, checked in a real browser (tests/e2e/build-output.spec.ts, the e2e suite).
 * A lazy route this list does not know fails here, so a new one is not silently left lazy.
 */
export function withEagerPages(routes: RouteObject[]): RouteObject[] {
  return routes.map((route) => {
    const children = route.children && withEagerPages(route.children);
    if (!route.lazy) return { ...route, children } as RouteObject;
    const Component = route.path === undefined ? undefined : PAGES[route.path];
    if (!Component) throw new Error(`no eager page for the lazy route ${route.path}`);
    const { lazy: _lazy, ...rest } = route;
    return { ...rest, children, Component } as RouteObject;
  });
}
