import { Fragment } from 'react';
import { ID_TOKEN_CHECKS, type DecodedToken } from '../../../oauth/token-claims';
import type { Connection } from '../../../oauth/types';
import { redacted } from '../../../oauth/activity';
import './token-details.css';

/** The claims worth naming first, in the order OpenID Connect Core 2 lists them. */
const FIRST_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'auth_time', 'nonce', 'azp'];
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);
const time = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });

function shown(name: string, value: unknown): string {
  // A one-time value, spent at the exchange: shown by its length, as the Activity shows it.
  if (name === 'nonce' && typeof value === 'string') return redacted(value);
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    return `${value} (${time.format(value * 1000)})`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Claims({ label, values }: { label: string; values: Record<string, unknown> }) {
  const names = [
    ...FIRST_CLAIMS.filter((n) => n in values),
    ...Object.keys(values)
      .filter((n) => !FIRST_CLAIMS.includes(n))
      .sort(),
  ];
  return (
    <dl aria-label={label} className="token-claims">
      {names.map((name) => (
        <Fragment key={name}>
          <dt>
            <code>{name}</code>
          </dt>
          <dd>
            <code>{shown(name, values[name])}</code>
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

function expiry(claims: Record<string, unknown>, now: number): string {
  if (typeof claims.exp !== 'number') return 'It names no expiry (exp).';
  const at = claims.exp * 1000;
  return at <= now ? `It expired ${time.format(at)}.` : `It expires ${time.format(at)}.`;
}

function Decoded({ token, now }: { token: DecodedToken; now: number }) {
  return (
    <>
      <p>{expiry(token.claims, now)}</p>
      <h3>Header</h3>
      <Claims label="Header" values={token.header} />
      <h3>Claims</h3>
      <Claims label="Claims" values={token.claims} />
    </>
  );
}

/**
 * What the connection's tokens say, decoded from what was kept at the exchange (and refresh): the
 * header and claims only, never the raw token text.
 */
export function TokenDetails({ connection, now }: { connection: Connection; now: number }) {
  const { idToken, accessToken } = connection.tokens ?? {};
  return (
    <>
      {idToken && (
        <section aria-label="ID token" className="token-details">
          <h2>ID token</h2>
          <Decoded token={idToken} now={now} />
          <h3>What was checked</h3>
          <p>When it was received, with oauth4webapi:</p>
          <ul>
            {ID_TOKEN_CHECKS.map((check) => (
              <li key={check}>{check}</li>
            ))}
          </ul>
        </section>
      )}
      {accessToken && (
        <section aria-label="Access token" className="token-details">
          <h2>Access token</h2>
          <p>
            A JWT, decoded <strong>as sent, not verified by this page</strong>: its signature was
            not checked against the provider&apos;s keys, so trust only what the provider does with
            it.
          </p>
          <Decoded token={accessToken} now={now} />
        </section>
      )}
    </>
  );
}
