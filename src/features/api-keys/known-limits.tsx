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
