import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { resolveProviders } from '../../src/config/resolve';
import { validateConfig } from '../../src/config/validate';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import {
  memoryConnections,
  memoryHistory,
  renderApp,
  sandboxConnection,
  testConfig,
} from './render-app';

const TOKEN = 'secret-access-token';
const providers = () =>
  resolveProviders(
    validateConfig({
      ...testConfig,
      providers: {
        ...testConfig.providers,
        sandbox: {
          ...testConfig.providers.sandbox,
          apiBaseUrl: 'https://id.example.test/api',
          readyRequests: [
            { label: 'Who am I (me)', method: 'GET', path: '/me' },
            {
              label: 'Echo a JSON body',
              method: 'POST',
              path: '/echo',
              body: '{"hello": "sandbox"}',
            },
          ],
        },
      },
    }),
  );

function setUp(
  api = vi.fn(async () =>
    Response.json({ got: { a: 1 } }, { status: 201, headers: { 'x-served-by': 'test' } }),
  ),
) {
  const user = userEvent.setup();
  const requestHistory = memoryHistory();
  const view = renderApp('/connections/c1', {
    providers: providers(),
    connections: memoryConnections([sandboxConnection()]),
    api,
    requestHistory,
  });
  return { user, api, requestHistory, ...view };
}

const console_ = () => screen.findByRole('region', { name: 'API console' });

describe('the API console', () => {
  it('sends a POST with a custom header and a JSON body and shows the answer', async () => {
    const { user, api } = setUp();
    const panel = await console_();
    await user.selectOptions(within(panel).getByLabelText('Method'), 'POST');
    await user.clear(within(panel).getByLabelText('Path'));
    await user.type(within(panel).getByLabelText('Path'), '/echo');
    await user.type(within(panel).getByLabelText('Headers'), 'X-Test: yes');
    await user.click(within(panel).getByLabelText('Body'));
    await user.paste('{"a": 1}');
    await user.click(within(panel).getByRole('button', { name: 'Send' }));
    const answer = await within(panel).findByRole('region', { name: 'API answer' });
    expect(answer).toHaveTextContent(/^HTTP 201 in \d+ ms/);
    expect(within(answer).getByText(/"got": \{/)).toBeInTheDocument();
    expect(within(answer).getByText('x-served-by')).toBeInTheDocument();
    expect(api).toHaveBeenCalledWith('c1', '/echo', {
      method: 'POST',
      headers: [
        ['X-Test', 'yes'],
        ['Content-Type', 'application/json'],
      ],
      body: '{"a": 1}',
    });
    await waitFor(() =>
      expect(
        screen.getAllByRole('status').some((s) => /^HTTP 201 in \d+ ms$/.test(s.textContent ?? '')),
      ).toBe(true),
    );
  });

  it('refuses an Authorization header and a body that is not JSON, sending nothing', async () => {
    const { user, api } = setUp();
    const panel = await console_();
    await user.type(within(panel).getByLabelText('Headers'), `Authorization: Bearer typed`);
    await user.click(within(panel).getByRole('button', { name: 'Send' }));
    expect(await within(panel).findByText(/HEADER_REFUSED/)).toBeInTheDocument();
    expect(within(panel).getByLabelText('Headers')).toHaveAttribute('aria-invalid', 'true');
    await user.clear(within(panel).getByLabelText('Headers'));
    await user.selectOptions(within(panel).getByLabelText('Method'), 'PUT');
    await user.click(within(panel).getByLabelText('Body'));
    await user.paste('{"a": ');
    await user.click(within(panel).getByRole('button', { name: 'Send' }));
    expect((await within(panel).findByText(/BODY_NOT_JSON/)).closest('p')).toHaveTextContent(
      'The body is not JSON:',
    );
    expect(api).not.toHaveBeenCalled();
  });

  it('disables Body for GET and DELETE and says so', async () => {
    const { user } = setUp();
    const panel = await console_();
    expect(within(panel).getByLabelText('Body')).toBeDisabled();
    expect(within(panel).getByText('GET requests are sent without a body.')).toBeInTheDocument();
    await user.selectOptions(within(panel).getByLabelText('Method'), 'PATCH');
    expect(within(panel).getByLabelText('Body')).toBeEnabled();
  });

  it('offers ready requests that fill the form', async () => {
    const { user } = setUp();
    const panel = await console_();
    expect(within(panel).getByLabelText('Path')).toHaveValue('/me');
    await user.click(within(panel).getByRole('button', { name: 'Echo a JSON body' }));
    expect(within(panel).getByLabelText('Method')).toHaveValue('POST');
    expect(within(panel).getByLabelText('Path')).toHaveValue('/echo');
    expect(within(panel).getByLabelText('Body')).toHaveValue('{"hello": "sandbox"}');
  });

  it('shows the status and body of a provider error with the alert', async () => {
    const api = vi.fn(async () => {
      throw new KeyfobError(ErrorCode.PROVIDER_ERROR, 'Sandbox answered HTTP 404.', {
        status: 404,
        body: { error: 'not_found' },
      });
    });
    const { user } = setUp(api);
    const panel = await console_();
    await user.click(within(panel).getByRole('button', { name: 'Send' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent('PROVIDER_ERROR');
    expect(within(panel).getByRole('region', { name: 'API answer' })).toHaveTextContent(
      /HTTP 404.*"error": "not_found"/s,
    );
  });
});

describe('the request preview', () => {
  it('shows the full URL and the headers Keyfob adds, with the credential redacted', async () => {
    const { user } = setUp();
    const panel = await console_();
    await user.click(within(panel).getByRole('button', { name: 'Echo a JSON body' }));
    const preview = within(panel).getByRole('region', { name: 'Request preview' });
    expect(preview).toHaveTextContent('POST https://id.example.test/api/echo');
    expect(within(preview).getByRole('row', { name: /authorization/ })).toHaveTextContent(
      'Bearer [redacted]',
    );
    expect(within(preview).getByRole('row', { name: /content-type/ })).toHaveTextContent(
      'application/json',
    );
    expect(preview).toHaveTextContent('{"hello": "sandbox"}');
    await user.clear(within(panel).getByLabelText('Path'));
    await user.type(within(panel).getByLabelText('Path'), '//evil.test/x');
    expect(preview).toHaveTextContent(/Nothing can be sent yet: .*full URL/);
    expect(document.body.textContent).not.toContain(TOKEN);
  });

  it('Copy as curl copies the command with $KEYFOB_TOKEN, never the token, and says Copied', async () => {
    const { user } = setUp();
    const panel = await console_();
    await user.click(within(panel).getByRole('button', { name: 'Copy as curl' }));
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain("curl \\\n  'https://id.example.test/api/me'");
    expect(copied).toContain('-H "Authorization: Bearer $KEYFOB_TOKEN"');
    expect(copied).not.toContain(TOKEN);
    await waitFor(() =>
      expect(screen.getAllByRole('status').some((s) => s.textContent === 'Copied')).toBe(true),
    );
  });
});

describe('through the relay', () => {
  it("names the proxy's relay URL and the only headers it passes on", async () => {
    renderApp('/connections/c1', {
      providers: resolveProviders(
        validateConfig({
          ...testConfig,
          providers: { cloudconvert: { clientId: 'cc', useProxy: true, useApiRelay: true } },
        }),
      ),
      connections: memoryConnections([
        sandboxConnection({ providerId: 'cloudconvert', providerName: 'CloudConvert' }),
      ]),
    });
    const preview = await screen.findByRole('region', { name: 'Request preview' });
    expect(preview).toHaveTextContent(
      'GET https://proxy.example.test/api/cloudconvert/v2/users/me',
    );
    expect(preview).toHaveTextContent(
      "Through the proxy's relay, which passes on only authorization, content-type, accept, dpop.",
    );
  });
});

describe('History', () => {
  it('keeps each request, fills the form from one, sends one again and clears', async () => {
    const { user, api, requestHistory } = setUp();
    const panel = await console_();
    await user.type(within(panel).getByLabelText('Headers'), 'X-Trace: 1');
    await user.click(within(panel).getByRole('button', { name: 'Send' }));
    const history = within(panel).getByRole('region', { name: 'History' });
    const item = await within(history).findByRole('listitem', { name: 'GET /me' });
    expect(item).toHaveTextContent(/HTTP 201 in \d+ ms/);
    expect(JSON.stringify([...requestHistory.data])).not.toContain(TOKEN);
    expect(requestHistory.data.get('c1')).toMatchObject([
      { method: 'GET', path: '/me', headers: 'X-Trace: 1', status: 201 },
    ]);

    await user.clear(within(panel).getByLabelText('Headers'));
    await user.clear(within(panel).getByLabelText('Path'));
    await user.click(within(item).getByRole('button', { name: 'Edit' }));
    expect(within(panel).getByLabelText('Path')).toHaveValue('/me');
    expect(within(panel).getByLabelText('Headers')).toHaveValue('X-Trace: 1');

    await user.click(within(item).getByRole('button', { name: 'Send again' }));
    await waitFor(() => expect(within(history).getAllByRole('listitem')).toHaveLength(2));
    expect(api).toHaveBeenCalledTimes(2);

    await user.click(within(history).getByRole('button', { name: 'Clear history' }));
    expect(await within(history).findByText(/No requests yet/)).toBeInTheDocument();
    expect(requestHistory.data.has('c1')).toBe(false);
  });
});
