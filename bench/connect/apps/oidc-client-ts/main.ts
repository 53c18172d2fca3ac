// Peer (a): oidc-client-ts UserManager, library defaults except the required settings.
import { UserManager } from 'oidc-client-ts';

const cfg = __BENCH__;
const statusEl = document.getElementById('status')!;
const fail = (e: unknown) => {
  statusEl.textContent = `error: ${e instanceof Error ? e.message : String(e)}`;
};

const userManager = new UserManager({
  authority: cfg.issuer,
  client_id: cfg.clientId,
  redirect_uri: cfg.redirectUri,
  response_type: 'code', // PKCE S256 is always used by oidc-client-ts for the code flow
  scope: cfg.scope,
});

document.getElementById('login')!.addEventListener('click', () => {
  statusEl.textContent = 'redirecting';
  userManager.signinRedirect().catch(fail);
});

if (location.pathname === new URL(cfg.redirectUri).pathname) {
  statusEl.textContent = 'processing callback';
  userManager
    .signinCallback()
    .then((user) => {
      if (!user?.access_token) throw new Error('no access token');
      window.__tokenReceivedAt = performance.timeOrigin + performance.now();
      statusEl.textContent = 'connected';
      history.replaceState(null, '', '/');
    })
    .catch(fail);
}
