import type { DescribedRequest } from '../../../oauth/api-request';

/** The shell variable a copied command reads the credential from: the token is never in it. */
export const TOKEN_VARIABLE = '$KEYFOB_TOKEN';
export const PROOF_VARIABLE = '$KEYFOB_DPOP_PROOF';

/** POSIX single quotes: nothing inside is expanded; a quote is closed, escaped and reopened. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The header as a curl argument, with a shell variable where the credential or proof goes. */
function headerArgument(
  [name, value]: [string, string],
  credential: DescribedRequest['credential'],
): string {
  if (name === 'authorization' && credential !== 'none') {
    const scheme = { bearer: 'Bearer', basic: 'Basic', dpop: 'DPoP' }[credential];
    return `-H "Authorization: ${scheme} ${TOKEN_VARIABLE}"`;
  }
  if (name === 'dpop' && credential === 'dpop') return `-H "DPoP: ${PROOF_VARIABLE}"`;
  return `-H ${quote(`${name}: ${value}`)}`;
}

/**
 * A curl command for a described request: the same method, URL, headers and body, with
 * `$KEYFOB_TOKEN` (and `$KEYFOB_DPOP_PROOF` for DPoP) in place of what Keyfob redacts. For Basic
 * the variable stands for base64(token:secret).
 */
export function curlCommand(request: DescribedRequest): string {
  const parts = ['curl'];
  if (request.method !== 'GET') parts.push(`-X ${request.method}`);
  parts.push(quote(request.url));
  for (const header of request.headers) parts.push(headerArgument(header, request.credential));
  if (request.body !== undefined) parts.push(`--data-raw ${quote(request.body)}`);
  return parts.join(' \\\n  ');
}
