/**
 * Test helpers for the provider twins: PKCE pairs, and driving an authorize page the way a
 * browser would (GET the page, submit its form with one of its buttons) but with fetch.
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';

export const APP_ORIGIN = 'http://127.0.0.1:5173';
/** The app's redirect URI for one provider, as the twins register it by default. */
export const redirectUriOf = (providerId: string) => `${APP_ORIGIN}/callback/${providerId}`;

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

function unescapeHtml(value: string): string {
  return value.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
}

/** The consent form of an authorize page: its action and hidden fields. */
export function readConsentForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]*)">/.exec(html)?.[1];
  if (action === undefined) throw new Error('no consent form on the page');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1] ?? '')] = unescapeHtml(match[2] ?? '');
  }
  return { action: unescapeHtml(action), fields };
}

/**
 * Opens `${base}${path}?params`, checks the consent page has its two buttons, submits it with
 * `decision`, and returns where the twin redirects to.
 */
export async function consent(
  base: string,
  path: string,
  params: Record<string, string>,
  decision: 'allow' | 'deny' = 'allow',
): Promise<URL> {
  const page = await fetch(`${base}${path}?${new URLSearchParams(params)}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await page.text();
  expect(html).toContain('<button type="submit" name="decision" value="allow">Allow</button>');
  expect(html).toContain('<button type="submit" name="decision" value="deny">Deny</button>');
  expect(html).not.toMatch(/<script|<link|src=/i);
  const { action, fields } = readConsentForm(html);
  const answer = await fetch(new URL(action, base), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, decision }),
    redirect: 'manual',
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location') ?? '');
}

/** GETs an authorize URL without following the redirect; returns the response. */
export function openAuthorize(
  base: string,
  path: string,
  params: Record<string, string>,
): Promise<Response> {
  return fetch(`${base}${path}?${new URLSearchParams(params)}`, { redirect: 'manual' });
}

export function form(params: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  };
}

export function json(params: Record<string, unknown>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  };
}

export function bearer(token: string, extra: Record<string, string> = {}): RequestInit {
  return { headers: { authorization: `Bearer ${token}`, ...extra } };
}

/** A CORS preflight as a browser at `origin` would send it. */
export function preflight(
  url: string,
  origin: string,
  headers = 'authorization',
): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': headers,
    },
  });
}
