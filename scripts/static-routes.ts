import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * The Content-Security-Policy of the built app. No inline script, nothing third-party: scripts,
 * styles and images come from the app's own origin only. connect-src has to admit the providers'
 * token and API endpoints, which config.json chooses at deploy time, hence https: (plus loopback
 * for the local sandbox); KEYFOB_CSP_CONNECT_SRC narrows it for a known set of providers.
 */
export function contentSecurityPolicy(connectSrc = process.env.KEYFOB_CSP_CONNECT_SRC): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connectSrc ?? 'https: http://127.0.0.1:* http://localhost:*'}`,
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Makes the build work on any static host without rewrite rules: the callback exists as a real file
 * (callback/index.html and callback.html, for hosts with and without "pretty URLs"), and 404.html
 * (what GitHub Pages, Netlify, Cloudflare Pages and S3 serve for an unknown path) is the app too,
 * so deep links such as /connections/:id load it. The CSP goes in as a meta tag, for build only:
 * the dev server's hot reload needs an inline script.
 */
export function staticRoutes(): Plugin {
  let outDir = 'dist';
  return {
    name: 'keyfob-static-routes',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    transformIndexHtml(html) {
      // Right after the charset, before any script tag, so it governs every script the page loads.
      const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}" />`;
      return html.replace(/<meta charset="UTF-8" \/>/, (charset) => `${charset}\n    ${meta}`);
    },
    async closeBundle() {
      const index = join(outDir, 'index.html');
      await mkdir(join(outDir, 'callback'), { recursive: true });
      await copyFile(index, join(outDir, 'callback', 'index.html'));
      await copyFile(index, join(outDir, 'callback.html'));
      await copyFile(index, join(outDir, '404.html'));
    },
  };
}
