import type { ResolvedProvider } from '../config/resolve';

/** A provider's known limits (daily quotas, no refresh token), as the catalog words them. */
export function KnownLimits({ limits }: { limits: readonly string[] }) {
  if (limits.length === 0) return null;
  return (
    <section aria-label="Limits">
      <h2>Limits</h2>
      <ul>
        {limits.map((limit) => (
          <li key={limit}>{limit}</li>
        ))}
      </ul>
    </section>
  );
}

/** The provider's limits and its documentation links (where to register, the API reference). */
export function ProviderNotes({ provider }: { provider: ResolvedProvider }) {
  return (
    <>
      <KnownLimits limits={provider.limits} />
      {provider.docs.length > 0 && (
        <p className="muted">
          {provider.name} documentation:{' '}
          {provider.docs.map((href, i) => (
            <span key={href}>
              {i > 0 && ', '}
              <a href={href} target="_blank" rel="noreferrer">
                {new URL(href).host + new URL(href).pathname.replace(/\/$/, '')}
              </a>
            </span>
          ))}
        </p>
      )}
    </>
  );
}
