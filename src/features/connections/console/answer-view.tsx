import { HeaderTable } from './header-table';

/** What came back from one Send: the status, how long it took, the headers the page may read, the body. */
export interface Answer {
  status: number;
  durationMs: number;
  headers: [string, string][];
  body: string;
}

/** Bodies longer than this are folded in a <details>, so the page stays readable. */
const LONG_BODY_CHARS = 2000;

/** JSON pretty-printed; anything else as it came. */
export function prettyBody(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function AnswerView({ answer }: { answer: Answer }) {
  const long = answer.body.length > LONG_BODY_CHARS;
  const body = <pre tabIndex={0}>{answer.body}</pre>;
  return (
    <section aria-label="API answer" className="stack">
      <p>
        <strong>HTTP {answer.status}</strong>{' '}
        <span className="muted">in {answer.durationMs} ms</span>
      </p>
      {answer.headers.length > 0 && (
        <details>
          <summary>Response headers ({answer.headers.length})</summary>
          <HeaderTable headers={answer.headers} />
        </details>
      )}
      {answer.body === '' ? (
        <p className="muted">No body.</p>
      ) : long ? (
        <details>
          <summary>Body ({answer.body.length.toLocaleString('en')} characters)</summary>
          {body}
        </details>
      ) : (
        body
      )}
    </section>
  );
}
