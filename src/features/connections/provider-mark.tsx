import './provider-mark.css';

/** Up to two letters that stand for a provider: "CloudConvert" gives CC, "Local OIDC" gives LO. */
export function monogram(name: string): string {
  const [first = '', second] = name.trim().split(/\s+/).filter(Boolean);
  const capitals = name.replace(/[^A-Z]/g, '');
  if (second) return (first.slice(0, 1) + second.slice(0, 1)).toUpperCase();
  if (capitals.length > 1) return capitals.slice(0, 2);
  return (first.slice(0, 1) || '?').toUpperCase();
}

/** One of a few hues, the same for a provider id on every render and every device. */
export function markHue(id: string): number {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hues = [210, 150, 20, 280, 340, 190] as const;
  return hues[hash % hues.length] ?? hues[0];
}

/**
 * A provider's mark drawn here from its name (nothing is loaded from elsewhere). The letters come
 * from CSS (`content: attr(data-mark)`), so they are neither in the text nor in any accessible
 * name: the provider's name is always next to it.
 */
export function ProviderMark({ id, name }: { id: string; name: string }) {
  return (
    <span
      className="mark"
      aria-hidden="true"
      data-mark={monogram(name)}
      style={{ background: `hsl(${markHue(id)} 60% 32%)` }}
    />
  );
}
