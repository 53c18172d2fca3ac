import { useEffect, useId, useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { useServices } from '../../services/services';
import { IDLE_CHOICES } from '../../vault/idle-lock';

/** "Lock after": how long without input in any Keyfob tab before every tab locks. */
export function IdleSetting() {
  const { vault } = useServices();
  const [minutes, setMinutes] = useState<number>();
  const [error, setError] = useState<unknown>(null);
  const hint = useId();
  useEffect(() => {
    let live = true;
    void vault.idleMinutes().then((m) => live && setMinutes(m));
    return () => {
      live = false;
    };
  }, [vault]);
  async function choose(next: number) {
    setError(null);
    const before = minutes;
    setMinutes(next);
    try {
      await vault.setIdleMinutes(next);
    } catch (caught) {
      setMinutes(before);
      setError(caught);
    }
  }
  if (minutes === undefined) return null;
  return (
    <div className="stack">
      <label>
        Lock after{' '}
        <select
          value={minutes}
          aria-describedby={hint}
          onChange={(e) => void choose(Number(e.target.value))}
        >
          {IDLE_CHOICES.map((m) => (
            <option key={m} value={m}>
              {m === 0 ? 'Never' : `${m} minutes`}
            </option>
          ))}
        </select>
      </label>
      <p id={hint} className="muted">
        Without a key press, click, scroll or pointer movement in any Keyfob tab for that long,
        every tab locks, as with Lock now.
      </p>
      {error !== null && <ErrorAlert error={error} />}
    </div>
  );
}
