import { Fragment, useState } from 'react';
import { useServices } from '../../services/services';
import type { ResolvedProvider } from '../../config/resolve';
import type { Connection, Credential } from '../../oauth/types';
import { ProviderNotes } from '../../components/provider-notes';
import { ErrorAlert } from '../../components/error-alert';

interface Organization {
  id: string;
  name?: string;
  role?: string;
}

const number = new Intl.NumberFormat('en');

function organizationsOf(details: Record<string, unknown>): Organization[] {
  const list = details.organizations;
  return Array.isArray(list)
    ? (list as Organization[]).filter((o) => typeof o?.id === 'string')
    : [];
}

/** The facts an identity probe brought back: credits, key type and daily limit, organizations. */
function DetailsList({ details }: { details: Record<string, unknown> }) {
  const rows: [string, string][] = [];
  if (typeof details.username === 'string') rows.push(['Username', details.username]);
  if (typeof details.credits === 'number') rows.push(['Credits', number.format(details.credits)]);
  if (details.keyType === 'master' || details.keyType === 'profile') {
    rows.push(['Key type', details.keyType === 'master' ? 'Master account key' : 'Profile key']);
  }
  if (typeof details.dailyLimit === 'number') {
    rows.push([
      'Daily limit',
      `${number.format(details.dailyLimit)} requests a day, reset at midnight UTC`,
    ]);
  }
  if (rows.length === 0) return null;
  return (
    <dl aria-label="Account details">
      {rows.map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function Organizations({ details }: { details: Record<string, unknown> }) {
  const organizations = organizationsOf(details);
  if (organizations.length === 0) return null;
  return (
    <section aria-label="Organizations">
      <h2>Organizations</h2>
      <ul>
        {organizations.map((org) => (
          <li key={org.id}>
            {org.name ?? 'Organization'} <code>{org.id}</code>
            {org.role && <span className="muted"> ({org.role})</span>}
            {org.id === details.organizationId && (
              <span className="muted"> — sent as organization-id</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** An API key stays out of the DOM until the person asks to see it. */
function RevealKey({ credential }: { credential: Credential | undefined }) {
  const [shown, setShown] = useState(false);
  if (credential?.kind !== 'api-key' && credential?.kind !== 'token-secret') return null;
  return (
    <section aria-label="Stored key">
      <p className="row">
        <span>
          {credential.kind === 'api-key'
            ? 'API key, sent as a Bearer token'
            : 'API token and secret, sent with HTTP Basic'}
          : kept encrypted on this device.
        </span>
        <button type="button" onClick={() => setShown((s) => !s)} aria-pressed={shown}>
          {shown ? 'Hide key' : 'Reveal key'}
        </button>
      </p>
      {shown &&
        (credential.kind === 'api-key' ? (
          <p>
            <code>{credential.apiKey}</code>
          </p>
        ) : (
          <dl>
            <dt>API token</dt>
            <dd>
              <code>{credential.token}</code>
            </dd>
            <dt>API secret</dt>
            <dd>
              <code>{credential.secret}</code>
            </dd>
          </dl>
        ))}
    </section>
  );
}

/**
 * What the provider said about the account (CloudConvert's credits, VideoAsk's organizations,
 * WhatConverts' key type and daily limit), the provider's known limits, the stored key behind a
 * "Reveal" toggle, and "Check connection", which asks the provider again with the stored credential.
 */
export function IdentityDetails({
  connection,
  provider,
  onChange,
}: {
  connection: Connection;
  provider: ResolvedProvider | undefined;
  onChange?: () => void;
}) {
  const { checkConnection } = useServices();
  const [check, setCheck] = useState<
    { status: 'idle' } | { status: 'busy' } | { status: 'ok' } | { status: 'error'; error: unknown }
  >({ status: 'idle' });
  const details = connection.identity?.details ?? {};

  async function runCheck() {
    setCheck({ status: 'busy' });
    try {
      await checkConnection(connection.id);
      setCheck({ status: 'ok' });
    } catch (error) {
      setCheck({ status: 'error', error });
    }
    onChange?.();
  }

  return (
    <>
      <DetailsList details={details} />
      <Organizations details={details} />
      <RevealKey credential={connection.credential} />
      {provider && <ProviderNotes provider={provider} />}
      {provider?.identity && provider.apiBaseUrl && connection.credential && (
        <div className="stack">
          <div className="row">
            <button type="button" onClick={() => void runCheck()} disabled={check.status === 'busy'}>
              Check connection
            </button>
            {check.status === 'ok' && (
              <span role="status" className="status ok">
                {provider.name} accepted the {connection.authMethod === 'oauth' ? 'token' : 'key'}
              </span>
            )}
          </div>
          {check.status === 'error' && <ErrorAlert error={check.error} />}
        </div>
      )}
    </>
  );
}
