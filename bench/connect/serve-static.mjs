// The static server every measured app gets, the same for all of them, 127.0.0.1 only:
//   node bench/connect/serve-static.mjs --dir <dist> --port 5101
// - files are read into memory once at start (no disk I/O while measuring)
// - an unknown path without an extension (/callback, /connect/peer) gets index.html
// - /assets/* (hashed by Vite): immutable; everything else: no-cache
// - no compression (loopback transfer costs next to nothing; sizes are reported separately)
// Prints "ready http://127.0.0.1:<port>" once listening.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function loadDir(root) {
  const files = new Map();
  const walk = (dir, depth) => {
    if (depth > 16) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs, depth + 1);
      else if (entry.isFile()) {
        files.set(`/${path.relative(root, abs).split(path.sep).join('/')}`, fs.readFileSync(abs));
      }
    }
  };
  walk(root, 0);
  if (!files.has('/index.html')) throw new Error(`${root} has no index.html (build first)`);
  return files;
}

export async function serveStatic({ dir, port }) {
  const files = loadDir(path.resolve(dir));
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      pathname = '/';
    }
    if (pathname.endsWith('/')) pathname += 'index.html';
    let file = pathname;
    let body = files.get(file);
    if (!body && !path.posix.extname(pathname)) {
      file = '/index.html';
      body = files.get(file);
    }
    if (!body || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain', 'content-length': 9 }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.posix.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': file.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), '127.0.0.1', resolve);
  });
  const close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${server.address().port}`, close };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, port: { type: 'string' } } });
  if (!values.dir || !values.port) {
    console.error('usage: serve-static.mjs --dir <dist> --port <port>');
    process.exit(2);
  }
  const { url, close } = await serveStatic({ dir: values.dir, port: values.port });
  console.log(`ready ${url}`);
  const stop = () => close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
