import { expect, test } from '@playwright/test';
import { connectSandbox } from './support/flows';
import { E2E } from './support/ports';

const builtPages = [
  '/',
  '/callback',
  '/callback/',
  '/callback.html',
  '/callback/sandbox',
  '/callback/sandbox/',
  '/callback/sandbox.html',
  '/404.html',
];

test('every built page carries the CSP (no inline script) and no-referrer', async ({ request }) => {
  for (const path of builtPages) {
    const html = await (await request.get(path)).text();
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(csp, path).toBeDefined();
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(html).toContain('<meta name="referrer" content="no-referrer"');
    // Every script is an external file of this origin: no inline script, no third-party script.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body!.trim(), `inline script in ${path}`).toBe('');
      expect(attributes).toMatch(/src="\/assets\//);
    }
  }
});

test('the browser enforces the CSP: an injected inline script is refused', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  const outcome = await page.evaluate(async () => {
    const violation = new Promise<string>((resolve) =>
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), {
        once: true,
      }),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    return {
      directive: await violation,
      inlineRan: (window as { __inlineRan?: boolean }).__inlineRan === true,
    };
  });
  expect(outcome).toEqual({ directive: 'script-src-elem', inlineRan: false });
});

test('the callback loads nothing from a third party and leaks the code in no Referer', async ({
  page,
}) => {
  const callbackTraffic: { url: string; referer?: string }[] = [];
  let onCallback = false;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) onCallback = frame.url().includes('/callback');
  });
  page.on('request', (request) => {
    if (onCallback || request.url().includes('/callback')) {
      callbackTraffic.push({ url: request.url(), referer: request.headers()['referer'] });
    }
  });
  await connectSandbox(page);
  expect(callbackTraffic.length).toBeGreaterThan(0);
  const allowed = new Set([new URL(E2E.app).origin, new URL(E2E.sandbox).origin]);
  for (const { url, referer } of callbackTraffic) {
    expect(allowed.has(new URL(url).origin), url).toBe(true);
    expect(referer ?? '').not.toContain('code=');
  }
});

test('no token ever reaches localStorage, sessionStorage, cookies or the page text', async ({
  page,
  context,
}) => {
  const tokens: string[] = [];
  page.on('response', async (response) => {
    if (response.url() === `${E2E.sandbox}/token` && response.ok()) {
      const body = (await response.json()) as Record<string, string>;
      tokens.push(
        ...([body.access_token, body.refresh_token, body.id_token].filter(Boolean) as string[]),
      );
    }
  });
  await connectSandbox(page);
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  const storage = await page.evaluate(
    () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
  );
  const cookies = JSON.stringify(await context.cookies(E2E.app));
  const html = await page.content();
  for (const token of tokens) {
    expect(storage).not.toContain(token);
    expect(cookies).not.toContain(token);
    expect(html).not.toContain(token);
    expect(page.url()).not.toContain(token);
  }
});
