import { useRef, useState } from 'react';
import type { ResolvedProvider } from '../../../config/resolve';
import { isKeyfobError } from '../../../oauth/errors';
import type { Connection } from '../../../oauth/types';
import { useServices } from '../../../services/services';
import type { HistoryEntry } from '../../../vault/request-history';
import { ErrorAlert } from '../../../components/error-alert';
import { useAnnounce } from '../../../components/announcer';
import { userInfoUrlOf, type ConsoleTarget } from './console-target';
import { AnswerView, prettyBody, type Answer } from './answer-view';
import { HistoryList } from './history-list';
import { firstDraft, readyRequestsFor } from './ready-requests';
import { buildRequest, isProblem, type DraftProblem, type RequestDraft } from './request-draft';
import { RequestForm } from './request-form';
import { RequestPreview } from './request-preview';
import { useRequestHistory } from './use-request-history';
import { useUserInfoEndpoint } from './use-userinfo-endpoint';
import './api-console.css';

type Outcome =
  { kind: 'answer'; answer: Answer } | { kind: 'error'; error: unknown; answer?: Answer };

/** The provider's status and body from a typed failure (PROVIDER_ERROR, RATE_LIMITED, a 401). */
function answerInError(error: unknown, durationMs: number): Answer | undefined {
  if (!isKeyfobError(error)) return undefined;
  const { status, body } = error;
  if (status === undefined) return undefined;
  const text =
    body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  return { status, durationMs, headers: [], body: text };
}

/**
 * Calls the provider's API with the stored credential (through authorizedFetch, so it refreshes
 * when needed): any method, path under the API base (for an OpenID provider without one, exactly
 * its UserInfo endpoint), headers and JSON body, with a preview of what
 * goes on the wire and the connection's last requests sealed in the vault. Every Send makes a
 * call, also while others are under way: the answer shown is the one to the latest.
 */
export function ApiConsole({
  connection,
  provider,
}: {
  connection: Connection;
  provider: ResolvedProvider | undefined;
}) {
  const userInfo = useUserInfoEndpoint(provider);
  if (!provider) return null;
  if (provider.apiBaseUrl) {
    return (
      <Console
        connection={connection}
        provider={provider}
        target={{ kind: 'api-base', url: provider.apiBaseUrl }}
      />
    );
  }
  if (userInfo === undefined) return null;
  return (
    <Console
      connection={connection}
      provider={provider}
      target={{ kind: 'userinfo', url: userInfo }}
    />
  );
}

function Console({
  connection,
  provider,
  target,
}: {
  connection: Connection;
  provider: ResolvedProvider;
  target: ConsoleTarget;
}) {
  const { api, now } = useServices();
  const announce = useAnnounce();
  const history = useRequestHistory(connection.id);
  const [draft, setDraft] = useState<RequestDraft>(() => firstDraft(provider, connection, target));
  const [problem, setProblem] = useState<DraftProblem>();
  const [pending, setPending] = useState(0);
  const [outcome, setOutcome] = useState<Outcome>();
  const latest = useRef(0);
  const fixedUrl = userInfoUrlOf(target);
  const request = buildRequest(draft, fixedUrl);
  const ready = readyRequestsFor(provider, connection, target);

  async function send(toSend: RequestDraft) {
    const built = buildRequest(toSend, fixedUrl);
    if (isProblem(built)) {
      setProblem(built);
      announce(built.message);
      return;
    }
    setProblem(undefined);
    const mine = ++latest.current;
    setPending((n) => n + 1);
    const started = performance.now();
    let result: Outcome;
    try {
      const response = await api(connection.id, built.path, built.init);
      const body = prettyBody(await response.text());
      const durationMs = Math.round(performance.now() - started);
      result = {
        kind: 'answer',
        answer: { status: response.status, durationMs, headers: [...response.headers], body },
      };
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      result = { kind: 'error', error, answer: answerInError(error, durationMs) };
    }
    const entry: HistoryEntry = {
      id: crypto.randomUUID(),
      method: built.init.method,
      path: built.path,
      headers: toSend.headers,
      body: built.init.body ?? '',
      status: result.answer?.status,
      errorCode:
        result.kind === 'error' && isKeyfobError(result.error) ? result.error.code : undefined,
      durationMs: result.answer?.durationMs ?? Math.round(performance.now() - started),
      at: now(),
    };
    if (mine === latest.current) {
      setOutcome(result);
      announce(
        result.answer
          ? `HTTP ${result.answer.status} in ${result.answer.durationMs} ms`
          : 'The call failed',
      );
    }
    setPending((n) => n - 1);
    await history.add(entry);
  }

  const fromEntry = (entry: HistoryEntry): RequestDraft => ({
    method: entry.method as RequestDraft['method'],
    path: entry.path,
    headers: entry.headers,
    body: entry.body,
  });

  return (
    <section aria-label="API console" className="stack api-console">
      <h2>API console</h2>
      {ready.length > 0 && (
        <div role="group" aria-label="Ready requests" className="row">
          <span className="muted">Ready requests:</span>
          {ready.map((r) => (
            <button
              key={r.label}
              type="button"
              onClick={() => {
                setDraft(r.draft);
                setProblem(undefined);
              }}
            >
              {r.label}
            </button>
          ))}
        </div>
      )}
      <RequestForm
        draft={draft}
        onChange={setDraft}
        onSend={() => void send(draft)}
        target={target}
        problem={problem}
      />
      <RequestPreview
        provider={provider}
        connection={connection}
        request={request}
        userInfoEndpoint={fixedUrl}
      />
      <p role="status" className="muted">
        {pending > 0 ? `Calling… (${pending} in flight)` : outcome ? 'Done' : ''}
      </p>
      {outcome?.kind === 'error' && <ErrorAlert error={outcome.error} />}
      {outcome?.answer && <AnswerView answer={outcome.answer} />}
      <HistoryList
        entries={history.entries}
        error={history.error}
        onUse={(entry) => setDraft(fromEntry(entry))}
        onSendAgain={(entry) => {
          setDraft(fromEntry(entry));
          void send(fromEntry(entry));
        }}
        onClear={() => void history.clear()}
      />
    </section>
  );
}
