import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

/** @type {Record<string, string>} */
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** @param {string} path */
async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * A plain static file server like the static hosts Keyfob targets: a path is a file, a folder's
 * index.html, or `<path>.html`; anything else gets 404.html with status 404 (as GitHub Pages,
 * Netlify and S3 do). There is deliberately no SPA rewrite. `base` mounts the build under a
 * sub-path; `configJson` replaces config.json the way a deployment would.
 *
 * @param {{ root: string; port?: number; host?: string; base?: string; configJson?: unknown }} options
 * @returns {Promise<{ url: string; close(): Promise<void> }>}
 */
export async function serveStatic({
  root,
  port = 4173,
  host = '127.0.0.1',
  base = '/',
  configJson,
}) {
  const top = resolve(root);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const headers = { 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };
    if (base !== '/' && url.pathname === base.slice(0, -1)) {
      // Like static hosts do for a folder: /keyfob -> /keyfob/
      res.writeHead(301, { ...headers, location: base + url.search }).end();
      return;
    }
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    const rel = decodeURIComponent(url.pathname.slice(base.length));
    if (configJson && rel === 'config.json') {
      res.writeHead(200, {
        ...headers,
        'content-type': types['.json'],
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(configJson));
      return;
    }
    const wanted = normalize(join(top, rel));
    let file;
    let status = 200;
    if (wanted.startsWith(top)) {
      for (const candidate of [wanted, join(wanted, 'index.html'), `${wanted}.html`]) {
        if (await isFile(candidate)) {
          file = candidate;
          break;
        }
      }
    }
    if (!file) {
      file = join(top, '404.html');
      status = 404;
    }
    res.writeHead(status, {
      ...headers,
      'content-type': types[extname(file)] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(port, host, () => ok(undefined)));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  return {
    url: `http://${host}:${address.port}${base}`,
    close: () => new Promise((ok) => server.close(() => ok(undefined))),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] ?? 'dist';
  const { url } = await serveStatic({
    root,
    port: Number(process.env.PORT ?? 4173),
    base: process.env.KEYFOB_BASE ?? '/',
  });
  console.log(`Serving ${root} at ${url}`);
}
