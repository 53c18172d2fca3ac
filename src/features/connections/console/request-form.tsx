import { useId } from 'react';
import type { ConsoleTarget } from './console-target';
import {
  BODILESS,
  METHODS,
  type DraftProblem,
  type Method,
  type RequestDraft,
} from './request-draft';

/**
 * The console's controls: Method, Path (or the fixed UserInfo URL), Headers, Body and Send; a
 * problem shows at its field.
 */
export function RequestForm({
  draft,
  onChange,
  onSend,
  target,
  problem,
}: {
  draft: RequestDraft;
  onChange(draft: RequestDraft): void;
  onSend(): void;
  target: ConsoleTarget;
  /** Shown after a Send that the draft could not make. */
  problem?: DraftProblem;
}) {
  const id = useId();
  const bodiless = BODILESS.includes(draft.method);
  const errorFor = (field: DraftProblem['field']) =>
    problem?.field === field ? (
      <p id={`${id}-${field}-error`} className="field-error">
        <code>{problem.code}</code> {problem.message}
      </p>
    ) : null;
  const described = (field: DraftProblem['field'], hint: string) =>
    problem?.field === field ? `${id}-${field}-error ${hint}` : hint;

  return (
    <form
      className="console-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSend();
      }}
    >
      <label>
        Method
        <select
          value={draft.method}
          onChange={(event) => onChange({ ...draft, method: event.target.value as Method })}
        >
          {METHODS.map((method) => (
            <option key={method}>{method}</option>
          ))}
        </select>
      </label>
      {target.kind === 'api-base' ? (
        <>
          <label className="console-path">
            Path
            <input
              value={draft.path}
              spellCheck={false}
              aria-invalid={problem?.field === 'path' || undefined}
              aria-describedby={described('path', `${id}-base`)}
              onChange={(event) => onChange({ ...draft, path: event.target.value })}
            />
          </label>
          <p id={`${id}-base`} className="muted console-wide">
            Under <code>{target.url}</code>: the credential is sent nowhere else.
          </p>
        </>
      ) : (
        // No API base: the one URL is fixed, there is no path to type.
        <p className="console-path">
          URL <code>{target.url}</code>{' '}
          <span className="muted">
            the UserInfo endpoint from the provider's discovery: the credential is sent nowhere
            else.
          </span>
        </p>
      )}
      {errorFor('path')}
      <label className="console-wide">
        Headers
        <textarea
          value={draft.headers}
          rows={3}
          spellCheck={false}
          placeholder="X-Request-Id: 42"
          aria-invalid={problem?.field === 'headers' || undefined}
          aria-describedby={described('headers', `${id}-headers-hint`)}
          onChange={(event) => onChange({ ...draft, headers: event.target.value })}
        />
      </label>
      <p id={`${id}-headers-hint`} className="muted console-wide">
        One <code>Name: value</code> a line. Keyfob adds the credential itself: Authorization, DPoP,
        Cookie and Host cannot be set here.
      </p>
      {errorFor('headers')}
      <label className="console-wide">
        Body
        <textarea
          value={draft.body}
          rows={5}
          spellCheck={false}
          disabled={bodiless}
          aria-invalid={problem?.field === 'body' || undefined}
          aria-describedby={described('body', `${id}-body-hint`)}
          onChange={(event) => onChange({ ...draft, body: event.target.value })}
        />
      </label>
      <p id={`${id}-body-hint`} className="muted console-wide">
        {bodiless
          ? `${draft.method} requests are sent without a body.`
          : 'JSON, checked before it is sent (as Content-Type: application/json unless a header says otherwise).'}
      </p>
      {errorFor('body')}
      <div className="row console-wide">
        <button type="submit">Send</button>
      </div>
    </form>
  );
}
