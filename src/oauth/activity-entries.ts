import type { ActivityInput } from './activity';

/** The authorize URL's parameters, as sent; `state` and `nonce` are shown redacted by name. */
export function authorizationRequestEntry(url: URL, secrets: string[]): ActivityInput {
  const details: Record<string, string> = { endpoint: `${url.origin}${url.pathname}` };
  for (const [name, value] of url.searchParams) details[name] = value;
  details.code_challenge_method ??= 'not sent (the server assumes plain or S256 by itself)';
  return {
    kind: 'authorization-request',
    summary: `Sent to ${url.origin}${url.pathname} to sign in`,
    details,
    secrets,
  };
}

/** The redirect back: the code only by its length, iss, and the state check that passed. */
export function callbackEntry(
  params: URLSearchParams,
  arrivedAt: string,
  secrets: string[],
): ActivityInput {
  const code = params.get('code');
  return {
    kind: 'callback',
    summary: `Back at ${arrivedAt}`,
    details: {
      code: code ?? undefined,
      error: params.get('error') ?? undefined,
      iss: params.get('iss') ?? 'not sent',
      'state check': 'matches this sign-in (one-time, under 10 minutes old)',
    },
    secrets: [...secrets, code ?? undefined].filter((s): s is string => s !== undefined),
  };
}

/** The fields of a token response worth seeing; the tokens only as "issued" or not. */
interface TokenAnswer {
  token_type: string;
  expires_in?: number;
  scope?: string;
  refresh_token?: string;
  id_token?: string;
  access_token: string;
}

/** A code exchange or refresh that the token endpoint answered. */
export function tokenResponseEntry(
  kind: 'code-exchange' | 'refresh',
  endpoint: string | undefined,
  status: number | undefined,
  tokens: TokenAnswer,
  facts: { dpop: boolean; rotated?: boolean; secrets: (string | undefined)[] },
): ActivityInput {
  return {
    kind,
    summary: `POST ${endpoint ?? 'token endpoint'}: HTTP ${status ?? '?'}`,
    dpop: facts.dpop,
    details: {
      status,
      'token type': tokens.token_type,
      lifetime: tokens.expires_in === undefined ? 'not said' : `${tokens.expires_in} s`,
      'granted scope': tokens.scope ?? 'not named (the requested scope, RFC 6749 5.1)',
      // Spelt with spaces: `refresh_token` would be a secret's name, and these are facts about one.
      'refresh token':
        facts.rotated === undefined
          ? tokens.refresh_token
            ? 'issued'
            : 'none'
          : facts.rotated
            ? 'rotated (a new one replaced it)'
            : 'kept (the old one stays valid)',
      'ID token': tokens.id_token ? 'received' : undefined,
    },
    secrets: [...facts.secrets, tokens.access_token, tokens.refresh_token, tokens.id_token],
  };
}
