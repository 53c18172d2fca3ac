interface ConvertGrant {
  mode?: string;
  accounts: {
    account_id: number | string;
    name?: string;
    projects?: { project_id?: number | string; name?: string }[];
  }[];
}

function isConvertGrant(grant: unknown): grant is ConvertGrant {
  return (
    typeof grant === 'object' && grant !== null && Array.isArray((grant as ConvertGrant).accounts)
  );
}

/** Provider-specific grant details: Convert lists the accounts and projects it granted. */
export function GrantDetails({ grant }: { grant: unknown }) {
  if (!isConvertGrant(grant)) return null;
  return (
    <section aria-label="Granted accounts and projects">
      <h2>Granted accounts and projects</h2>
      <ul>
        {grant.accounts.map((account) => (
          <li key={String(account.account_id)}>
            {account.name ?? 'Account'} <code>{String(account.account_id)}</code>
            {account.projects && account.projects.length > 0 && (
              <ul>
                {account.projects.map((project, i) => (
                  <li key={String(project.project_id ?? i)}>
                    {project.name ?? 'Project'} <code>{String(project.project_id ?? '')}</code>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
