// Peer (c): @badgateway/oauth2-client, authorization code + PKCE, endpoints from RFC 8414 discovery.
import { OAuth2Client, generateCodeVerifier } from '@badgateway/oauth2-client';

const cfg = __BENCH__;
const statusEl = document.getElementById('status')!;
const fail = (e: unknown) => {
  statusEl.textContent = `error: ${e instanceof Error ? e.message : String(e)}`;
};

const client = new OAuth2Client({ server: `${cfg.issuer}/`, clientId: cfg.clientId });

document.getElementById('login')!.addEventListener('click', async () => {
  try {
    statusEl.textContent = 'redirecting';
    const codeVerifier = await generateCodeVerifier();
    const state = crypto.randomUUID();
    sessionStorage.setItem('oauth2_pkce', JSON.stringify({ codeVerifier, state }));
    location.assign(
      await client.authorizationCode.getAuthorizeUri({
        redirectUri: cfg.redirectUri,
        state,
        codeVerifier,
        scope: cfg.scope.split(' '),
      }),
    );
  } catch (e) {
    fail(e);
  }
});

if (location.pathname === new URL(cfg.redirectUri).pathname) {
  statusEl.textContent = 'processing callback';
  (async () => {
    const { codeVerifier, state } = JSON.parse(sessionStorage.getItem('oauth2_pkce') ?? '{}');
    sessionStorage.removeItem('oauth2_pkce');
    const token = await client.authorizationCode.getTokenFromCodeRedirect(location.href, {
      redirectUri: cfg.redirectUri,
      state,
      codeVerifier,
    });
    if (!token.accessToken) throw new Error('no access token');
    window.__tokenReceivedAt = performance.timeOrigin + performance.now();
    statusEl.textContent = 'connected';
    history.replaceState(null, '', '/');
  })().catch(fail);
}
