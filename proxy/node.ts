import { loadConfig, ProxyConfigError } from './config';
import { createProxy } from './handler';
import { listen } from './node-server';
import { createNodeUpstream } from './node-upstream';

/**
 * The Node entry (`npm run proxy`): configuration from the environment, loopback unless HOST says
 * otherwise, one JSON log line per request on stdout, problems on stderr with exit code 1.
 */
const DEFAULT_PORT = 8787;

function fail(problems: readonly string[]): never {
  console.error(new ProxyConfigError(problems).message);
  process.exit(1);
}

const portText = process.env.PORT?.trim() || String(DEFAULT_PORT);
const port = /^\d+$/.test(portText) && Number(portText) <= 65_535 ? Number(portText) : undefined;
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ProxyConfigError)) throw error;
  fail([
    ...error.problems,
    ...(port === undefined ? ['PORT must be a port number (0-65535)'] : []),
  ]);
}
if (port === undefined) fail(['PORT must be a port number (0-65535)']);

// node:http with keep-alive instead of the global fetch: the same contract, a fraction of the CPU.
const upstream = createNodeUpstream();
const { server, url } = await listen(createProxy(config, { fetch: upstream.fetch }), {
  port,
  host: process.env.HOST?.trim() || '127.0.0.1',
});
console.error(`keyfob proxy listening on ${url} for ${Object.keys(config.providers).join(', ')}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    upstream.close();
    server.close(() => process.exit(0));
  });
}
