/** Every in-app href is built here, so a route's path is written once. */
export const paths = {
  home: () => '/',
  connect: (providerId: string) => `/connect/${encodeURIComponent(providerId)}`,
  callback: () => '/callback',
  connection: (id: string) => `/connections/${encodeURIComponent(id)}`,
  addProvider: () => '/providers/new',
  settings: () => '/settings',
} as const;

/** The app's base path without its trailing slash ("" at the root), for the router's basename. */
export function basename(baseUrl: string = import.meta.env.BASE_URL): string {
  return baseUrl.replace(/\/+$/, '');
}

/** The exact redirect URI to register at every provider: <origin><base>callback. */
export function redirectUri(origin: string, baseUrl: string = import.meta.env.BASE_URL): string {
  return new URL(`${basename(baseUrl)}${paths.callback()}`, origin).href;
}
