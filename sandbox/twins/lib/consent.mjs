/**
 * The HTML pages of the twins' authorize endpoints: the consent page with its two buttons, and the
 * error page shown when the request cannot safely be answered with a redirect (unknown client or
 * unregistered redirect URI, RFC 6749 4.1.2.1). No scripts and no external resources, so the page
 * works under the strictest CSP and in an e2e browser with the network cut off.
 */
import { escapeHtml } from './http.mjs';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1b1b1f}
h1{font-size:1.4rem}code{background:#f2f2f5;padding:0 .25rem;border-radius:3px}
.twin{font-size:.8rem;color:#666;text-transform:uppercase;letter-spacing:.05em}
form{display:flex;gap:.75rem;margin-top:1.5rem}button{font:inherit;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #888;background:#fff;cursor:pointer}
button[value=allow]{background:#1a5fd0;border-color:#1a5fd0;color:#fff}`;

/**
 * @param {string} title
 * @param {string} body already-escaped HTML
 */
function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

/**
 * The consent page. The form posts every authorize parameter back to the same path (hidden
 * inputs), and the twin validates them again on submit: nothing is kept between the two
 * requests, so a test can also POST the decision directly.
 * @param {{ providerName: string, path: string, clientId: string, redirectUri: string,
 *   scopes: string[], params: Record<string, string>, detailsHtml?: string }} input
 */
export function consentPage({
  providerName,
  path,
  clientId,
  redirectUri,
  scopes,
  params,
  detailsHtml = '',
}) {
  const hidden = Object.entries(params)
    .filter(([name]) => name !== 'decision')
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n');
  const scopeList =
    scopes.length > 0
      ? `<ul>${scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('')}</ul>`
      : '<p>No scopes were requested.</p>';
  const redirectOrigin = new URL(redirectUri).origin;
  return page(
    `Authorize ${clientId} - ${providerName}`,
    `<p class="twin">${escapeHtml(providerName)} (local twin)</p>
<h1>Allow <code>${escapeHtml(clientId)}</code> to access your ${escapeHtml(providerName)} account?</h1>
<p>It asks for:</p>
${scopeList}
${detailsHtml}
<p>You will be sent back to <code>${escapeHtml(redirectOrigin)}</code>.</p>
<form method="post" action="${escapeHtml(path)}">
${hidden}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/**
 * An error shown to the person instead of a redirect.
 * @param {string} providerName
 * @param {string} message
 */
export function errorPage(providerName, message) {
  return page(
    `Authorization error - ${providerName}`,
    `<p class="twin">${escapeHtml(providerName)} (local twin)</p>
<h1>This authorization request cannot be completed</h1>
<p role="alert">${escapeHtml(message)}</p>`,
  );
}
