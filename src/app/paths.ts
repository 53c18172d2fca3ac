/** Every in-app href is built here, so a route's path is written once. */
export const paths = {
  home: () => '/',
  connect: (providerId: string) => `/connect/${encodeURIComponent(providerId)}`,
  /** One redirect URI per provider (RFC 9700 4.4.2): a response names where it was sent from. */
  callback: (providerId: string) => `/callback/${encodeURIComponent(providerId)}`,
  connection: (id: string) => `/connections/${encodeURIComponent(id)}`,
  addProvider: () => '/providers/new',
  settings: () => '/settings',
} as const;

/** The app's base path without its trailing slash ("" at the root), for the router's basename. */
export function basename(baseUrl: string = import.meta.env.BASE_URL): string {
  return baseUrl.replace(/\/+$/, '');
}

/**
 * The exact redirect URI to register at a provider: <origin><base>callback/<providerId>, no
 * trailing slash. Each provider has its own, so a code can only arrive where its provider sent it.
 */
export function redirectUri(
  origin: string,
  providerId: string,
  baseUrl: string = import.meta.env.BASE_URL,
): string {
  return new URL(`${basename(baseUrl)}${paths.callback(providerId)}`, origin).href;
}

/** Whether an app path (below the base) is a callback: /callback, /callback/<id>, /callback.html. */
export function isCallbackPath(appPath: string): boolean {
  return /^\/callback(?:\/|\.html$|$)/.test(appPath);
}
