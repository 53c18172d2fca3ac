import { Fragment } from 'react';
import type { ResolvedProvider } from '../../config/resolve';
import type { Connection } from '../../oauth/types';
import type { FactGroup } from '../../providers/types';

function Group({ group }: { group: FactGroup }) {
  if (group.kind === 'terms') {
    return (
      <dl aria-label={group.title}>
        {group.facts.map((fact, i) => (
          <Fragment key={i}>
            <dt>{fact.label}</dt>
            <dd>
              {fact.value}
              {fact.note && <span className="muted"> {fact.note}</span>}
            </dd>
          </Fragment>
        ))}
      </dl>
    );
  }
  return (
    <section aria-label={group.title}>
      <h2>{group.title}</h2>
      <ul>
        {group.facts.map((fact, i) => (
          <li key={i}>
            {fact.label} <code>{fact.value}</code>
            {fact.note && <span className="muted"> {fact.note}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * What the provider said about the account and what it granted (CloudConvert's credits, VideoAsk's
 * organizations, WhatConverts' key type, Convert's accounts and projects), as the provider's catalog
 * entry words it: this page renders the groups and knows no provider.
 */
export function ConnectionFacts({
  connection,
  provider,
}: {
  connection: Connection;
  provider: ResolvedProvider | undefined;
}) {
  const groups =
    provider?.facts?.({ details: connection.identity?.details ?? {}, grant: connection.grant }) ??
    [];
  return (
    <>
      {groups.map((group) => (
        <Group key={group.title} group={group} />
      ))}
    </>
  );
}
