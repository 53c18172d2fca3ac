/**
 * Keeps `returnTo` a same-origin path, so the callback can never be turned into an open redirect
 * (`//evil.test`, `https://evil.test`, `/\evil.test` and `javascript:` all become "/").
 */
export function safeReturnTo(returnTo: string | undefined, appOrigin: string): string {
  if (
    !returnTo ||
    !returnTo.startsWith('/') ||
    returnTo.startsWith('//') ||
    returnTo.includes('\\')
  ) {
    return '/';
  }
  try {
    const url = new URL(returnTo, appOrigin);
    return url.origin === appOrigin ? url.pathname + url.search + url.hash : '/';
  } catch {
    return '/';
  }
}
