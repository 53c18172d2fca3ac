import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { paths } from '../src/routing/paths.ts';

/**
 * The built-in providers' ids (src/providers/catalog.ts; a unit test keeps the two equal). The
 * catalog itself is not imported here: Vite loads this file natively, before any bundling.
 */
export const BUILT_IN_PROVIDER_IDS = ['cloudconvert', 'convert', 'videoask', 'whatconverts'];

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
 * The CSP as a header: the meta tag's policy plus what only a header can carry, `frame-ancestors
 * 'none'` (no other page may frame Keyfob and clickjack Disconnect or Reveal key).
 */
export function headerContentSecurityPolicy(connectSrc = process.env.KEYFOB_CSP_CONNECT_SRC) {
  return `${contentSecurityPolicy(connectSrc)}; frame-ancestors 'none'`;
}

/**
 * public/_headers (Netlify and Cloudflare Pages) with its Content-Security-Policy line set to this
 * build's policy, so a narrowed KEYFOB_CSP_CONNECT_SRC reaches the header too.
 */
export function withBuildCsp(headersFile: string, policy = headerContentSecurityPolicy()): string {
  const line = /^(\s+Content-Security-Policy:).*$/m;
  if (!line.test(headersFile))
    throw new Error('public/_headers has no Content-Security-Policy line');
  return headersFile.replace(line, (_all, name: string) => `${name} ${policy}`);
}

/** Provider ids known at build time: the built-ins and those of the config.json being shipped. */
export function buildTimeProviderIds(configJson: string | undefined): string[] {
  const ids = new Set(BUILT_IN_PROVIDER_IDS);
  if (configJson !== undefined) {
    const parsed = JSON.parse(configJson) as { providers?: unknown };
    const providers = parsed.providers;
    if (typeof providers === 'object' && providers !== null) {
      for (const id of Object.keys(providers)) ids.add(id);
    }
  }
  // Only ids config.json would accept become file names (never "..", "/" or "__proto__").
  return [...ids].filter((id) => /^[a-z0-9][a-z0-9-]{0,39}$/.test(id)).sort();
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Makes the build work on any static host without rewrite rules: each provider's redirect URI
 * (callback/<id>) exists as real files for the ids known at build time (callback/<id>/index.html
 * and callback/<id>.html, for hosts with and without "pretty URLs"), and 404.html (what GitHub
 * Pages, Netlify, Cloudflare Pages and S3 serve for an unknown path) is the app too, so the
 * callback of a provider added later and deep links such as /connections/:id load it. The CSP goes
 * in as a meta tag, for build only (the dev server's hot reload needs an inline script), and into
 * _headers with frame-ancestors.
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
      const asFiles = (path: string) => [`${path.slice(1)}.html`, join(path.slice(1), 'index.html')];
      const copies = [...asFiles(paths.sharedCallback()), '404.html'];
      for (const id of buildTimeProviderIds(await readIfPresent(join(outDir, 'config.json')))) {
        copies.push(...asFiles(paths.callback(id)));
      }
      for (const copy of copies) {
        await mkdir(join(outDir, copy, '..'), { recursive: true });
        await copyFile(index, join(outDir, copy));
      }
      const headers = await readIfPresent(join(outDir, '_headers'));
      if (headers !== undefined) await writeFile(join(outDir, '_headers'), withBuildCsp(headers));
    },
  };
}
