// Peer (b): oauth4webapi used directly, the minimal set of calls ("least code possible" baseline):
// discovery, PKCE, validateAuthResponse, authorizationCodeGrantRequest, processAuthorizationCodeResponse.
import * as oauth from 'oauth4webapi';

const cfg = __BENCH__;
const statusEl = document.getElementById('status')!;
const fail = (e: unknown) => {
  statusEl.textContent = `error: ${e instanceof Error ? e.message : String(e)}`;
};

const issuer = new URL(cfg.issuer);
const client: oauth.Client = { client_id: cfg.clientId };
// the local server is plain http on 127.0.0.1; oauth4webapi refuses http unless told otherwise
const insecure = { [oauth.allowInsecureRequests]: issuer.protocol === 'http:' };

const discover = async () =>
  oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }),
  );

document.getElementById('login')!.addEventListener('click', async () => {
  try {
    statusEl.textContent = 'redirecting';
    const as = await discover();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    sessionStorage.setItem('pkce_code_verifier', codeVerifier);
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: cfg.redirectUri,
      response_type: 'code',
      scope: cfg.scope,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    }).toString();
    location.assign(url.href);
  } catch (e) {
    fail(e);
  }
});

if (location.pathname === new URL(cfg.redirectUri).pathname) {
  statusEl.textContent = 'processing callback';
  (async () => {
    const as = await discover();
    // PKCE protects the code, so no state (as in oauth4webapi's own example for S256-capable servers)
    const params = oauth.validateAuthResponse(
      as,
      client,
      new URL(location.href),
      oauth.expectNoState,
    );
    const codeVerifier = sessionStorage.getItem('pkce_code_verifier')!;
    sessionStorage.removeItem('pkce_code_verifier');
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      cfg.redirectUri,
      codeVerifier,
      insecure,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response);
    if (!result.access_token) throw new Error('no access token');
    window.__tokenReceivedAt = performance.timeOrigin + performance.now();
    statusEl.textContent = 'connected';
    history.replaceState(null, '', '/');
  })().catch(fail);
}
