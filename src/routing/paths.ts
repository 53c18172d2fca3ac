/** A route: the href builder, with the router's pattern beside it so each path is written once. */
type Route<Args extends string[]> = ((...args: Args) => string) & { readonly pattern: string };

function route<Args extends string[]>(pattern: string, href: (...args: Args) => string): Route<Args> {
  return Object.assign(href, { pattern });
}

const segment = encodeURIComponent;

/** Every in-app route: the router's table, every href, the redirect URI and the static build. */
export const paths = {
  home: route('/', () => '/'),
  connect: route('/connect/:providerId', (providerId: string) => `/connect/${segment(providerId)}`),
  /** One redirect URI per provider (RFC 9700 4.4.2): a response names where it was sent from. */
  callback: route(
    '/callback/:providerId',
    (providerId: string) => `/callback/${segment(providerId)}`,
  ),
  /** The old shared redirect URI: a response here is refused (REDIRECT_URI_MISMATCH). */
  sharedCallback: route('/callback', () => '/callback'),
  connection: route('/connections/:id', (id: string) => `/connections/${segment(id)}`),
  addProvider: route('/providers/new', () => '/providers/new'),
  settings: route('/settings', () => '/settings'),
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
