/** Loopback hosts may use http (the local sandbox); everything else must be https. */
export function isLoopbackUrl(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * The one rule for every endpoint Keyfob navigates to or calls, however it was learnt (config.json,
 * the Add a provider page, discovery): an absolute `https:` URL (`http:` only on loopback), without
 * credentials or a fragment. Returns what is wrong, in words that follow the field's name, or
 * undefined when the URL is fine. `javascript:`, `data:` and the like never pass.
 */
export function endpointUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a URL string';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    return 'must use https (http is allowed only for 127.0.0.1/localhost)';
  }
  if (url.username || url.password || url.hash) {
    return 'must not contain credentials or a #fragment';
  }
  return undefined;
}
