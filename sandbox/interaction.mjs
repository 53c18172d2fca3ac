/**
 * The sandbox's sign-in page. oidc-provider's devInteractions are off because they ask for a
 * password and then a separate consent screen; here one click signs in as `demo` AND grants
 * everything the client asked for (offline_access included), so tests and people reach the
 * callback in a single step, and "Deny" exercises the app's access_denied path.
 */
import { DEMO_ACCOUNT, errorPage, escapeHtml } from './config.mjs';

const PATH = /^\/interaction\/([A-Za-z0-9_-]+)$/;
const MAX_FORM_BYTES = 4096;

/**
 * No scripts and no external resources at all; inline styles only. form-action is deliberately
 * absent: browsers apply it to the redirects after the POST, which lead to the app's origin.
 */
const HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

/** @param {import('oidc-provider').default} provider */
export function interactionRoutes(provider) {
  /** @param {import('oidc-provider').KoaContextWithOIDC} ctx @param {() => Promise<void>} next */
  return async function interaction(ctx, next) {
    const match = PATH.exec(ctx.path);
    if (!match || !['GET', 'POST'].includes(ctx.method)) return next();
    ctx.set(HEADERS);
    try {
      if (ctx.method === 'GET') await render(provider, ctx, match[1] ?? '');
      else await submit(provider, ctx);
    } catch (err) {
      // Typically an expired interaction or a missing cookie: tell the person what to do.
      const { name, message } = /** @type {{ name?: string, message?: string } | undefined} */ (err) ?? {};
      console.error(`sandbox: interaction failed: ${name ?? 'Error'}: ${message ?? ''}`);
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = errorPage({
        error: 'interaction_failed',
        error_description: 'This sign-in has expired or was already finished. Start again from the app.',
      });
    }
  };
}

/**
 * @param {import('oidc-provider').default} provider
 * @param {import('oidc-provider').KoaContextWithOIDC} ctx
 * @param {string} uid
 */
async function render(provider, ctx, uid) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const client = await provider.Client.find(details.params.client_id);
  const scopes = String(details.params.scope ?? '').split(' ').filter(Boolean);
  const name = client?.clientName ?? details.params.client_id;
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in to the sandbox</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
code{background:#f2f2f2;padding:0 .25rem;border-radius:3px}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #555;cursor:pointer}
button[value=login]{background:#1f5fbf;color:#fff;border-color:#1f5fbf}
</style></head><body>
<main>
<h1>Sandbox sign-in</h1>
<p><strong>${escapeHtml(name)}</strong> (<code>${escapeHtml(details.params.client_id)}</code>) asks to connect to your sandbox account <strong>${escapeHtml(DEMO_ACCOUNT.preferred_username)}</strong>.</p>
<h2>It asks for</h2>
<ul>${scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('') || '<li>no scopes</li>'}</ul>
<form method="post" action="${escapeHtml(uid)}" class="actions">
<button type="submit" name="action" value="login">Sign in as demo user</button>
<button type="submit" name="action" value="deny">Deny</button>
</form>
</main></body></html>`;
}

/**
 * @param {import('oidc-provider').default} provider
 * @param {import('oidc-provider').KoaContextWithOIDC} ctx
 */
async function submit(provider, ctx) {
  const form = await readForm(ctx.req);
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const result =
    form.get('action') === 'login'
      ? { login: { accountId: DEMO_ACCOUNT.sub }, consent: { grantId: await grantAll(provider, details) } }
      : { error: 'access_denied', error_description: 'The user declined to connect.' };
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.redirect(returnTo);
  ctx.status = 303;
}

/**
 * Grants every requested scope and claim, so oidc-provider never asks for consent separately.
 * @param {import('oidc-provider').default} provider
 * @param {import('oidc-provider').Interaction} details
 */
async function grantAll(provider, details) {
  const { params, grantId } = details;
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId: DEMO_ACCOUNT.sub, clientId: params.client_id });
  if (params.scope) grant.addOIDCScope(params.scope);
  const claims = requestedClaims(params.claims);
  if (claims.length) grant.addOIDCClaims(claims);
  return grant.save();
}

/**
 * Claim names from an OpenID `claims` request parameter; malformed input grants nothing extra.
 * @param {unknown} raw
 * @returns {string[]}
 */
function requestedClaims(raw) {
  if (!raw) return [];
  try {
    const parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
    return [...Object.keys(parsed?.userinfo ?? {}), ...Object.keys(parsed?.id_token ?? {})];
  } catch {
    return [];
  }
}

/** @param {import('node:http').IncomingMessage} req */
async function readForm(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
