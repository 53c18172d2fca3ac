// The apps `npm run bench:connect` measures, the ports they are served on and how to drive them.
// Every app uses the same public client (bench-spa) and scope (openid) at the same issuer.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
/** Builds go where git, ESLint and Prettier do not look. */
export const buildRoot = path.join(repoRoot, 'node_modules/.cache/bench-connect');

export const AUTHZ_PORT = 4400;
export const CLIENT_ID = 'bench-spa';
export const SCOPE = 'openid';

/** What a peer page shows: a #login button, and #status reading "connected" or "error: …". */
const PEER_DRIVER = {
  start: '#login',
  connected: '#status',
  connectedText: 'connected',
  errorTextPrefix: 'error',
};

/**
 * `dir` holds a peer's index.html and main.ts(x) (react: built with @vitejs/plugin-react). A peer
 * sets window.__tokenReceivedAt when it holds the token; Keyfob marks keyfob:token instead.
 */
export const APPS = [
  { id: 'oidc-client-ts', port: 5101, dir: 'apps/oidc-client-ts', driver: PEER_DRIVER },
  { id: 'oauth4webapi', port: 5102, dir: 'apps/oauth4webapi', driver: PEER_DRIVER },
  { id: 'badgateway', port: 5103, dir: 'apps/badgateway', driver: PEER_DRIVER },
  {
    id: 'react-oidc-context',
    port: 5104,
    dir: 'apps/react-oidc-context',
    react: true,
    driver: PEER_DRIVER,
  },
  {
    id: 'keyfob',
    port: 5200,
    path: '/connect/peer',
    driver: {
      start: 'role=button[name="Continue to Peer"]',
      connected: 'body',
      connectedTextIncludes: 'Connected',
      errorSelector: '[role=alert]',
      tokenMark: 'keyfob:token',
      connectedMark: 'keyfob:connected',
    },
  },
];

export const peerSourceDir = (app) => path.join(here, app.dir);
export const distDir = (app) => path.join(buildRoot, app.id);
export const appOrigin = (app, offset = 0) => `http://127.0.0.1:${app.port + offset}`;
export const appUrl = (app, offset = 0) => `${appOrigin(app, offset)}${app.path ?? '/'}`;

/**
 * Redirect URIs to register for an app. Keyfob's is moving from <origin>/callback to
 * <origin>/callback/<providerId>; both are registered so the bench works on either side.
 */
export function redirectUris(app, offset = 0) {
  const origin = appOrigin(app, offset);
  return app.id === 'keyfob'
    ? [`${origin}/callback`, `${origin}/callback/peer`]
    : [`${origin}/callback`];
}

/** The config.json Keyfob is measured with: one provider, "peer", at the bench's server. */
export function keyfobConfig(issuer) {
  return { providers: { peer: { name: 'Peer', issuer, clientId: CLIENT_ID, scopes: [SCOPE] } } };
}
