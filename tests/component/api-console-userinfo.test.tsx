import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { memoryLifecycle } from './lifecycle-stubs';
import { memoryConnections, memoryHistory, renderApp, sandboxConnection } from './render-app';

/** The test config's sandbox has an issuer and no apiBaseUrl: an OpenID provider without an API. */
const USERINFO = 'https://id.example.test/me';
const TOKEN = 'secret-access-token';

function setUp(userInfo: string | undefined) {
  const user = userEvent.setup();
  const api = vi.fn(async () => Response.json({ sub: 'demo', name: 'Demo User' }));
  const requestHistory = memoryHistory();
  const userInfoEndpoint = vi.fn(async () => userInfo);
  const connections = memoryConnections([sandboxConnection()]);
  renderApp('/connections/c1', {
    connections,
    api,
    requestHistory,
    lifecycle: { ...memoryLifecycle(() => connections), userInfoEndpoint },
  });
  return { user, api, requestHistory, userInfoEndpoint };
}

const console_ = () => screen.findByRole('region', { name: 'API console' });

describe('the API console for a provider without an API base', () => {
  it('offers the UserInfo endpoint as a fixed URL and GETs exactly it', async () => {
    const { user, api, requestHistory, userInfoEndpoint } = setUp(USERINFO);
    const panel = await console_();
    expect(userInfoEndpoint).toHaveBeenCalledWith('sandbox');
    // No path to type: the one URL is shown instead of the Path field.
    expect(within(panel).queryByLabelText('Path')).toBeNull();
    expect(panel).toHaveTextContent(`URL ${USERINFO}`);
    const ready = within(panel).getByRole('group', { name: 'Ready requests' });
    expect(
      within(ready)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Your profile (UserInfo)']);
    const preview = within(panel).getByRole('region', { name: 'Request preview' });
    expect(preview).toHaveTextContent(`GET ${USERINFO}`);
    expect(within(preview).getByRole('row', { name: /authorization/ })).toHaveTextContent(
      'Bearer [redacted]',
    );

    await user.click(within(ready).getByRole('button', { name: 'Your profile (UserInfo)' }));
    await user.click(within(panel).getByRole('button', { name: 'Send' }));
    const answer = await within(panel).findByRole('region', { name: 'API answer' });
    expect(answer).toHaveTextContent(/^HTTP 200 in \d+ ms/);
    expect(answer).toHaveTextContent('"name": "Demo User"');
    expect(api).toHaveBeenCalledTimes(1);
    expect(api).toHaveBeenCalledWith('c1', USERINFO, { method: 'GET', headers: [] });
    await waitFor(() => expect(requestHistory.data.get('c1')).toHaveLength(1));
    expect(document.body.textContent).not.toContain(TOKEN);
  });

  it('refuses to send a history entry for another URL, and sends nothing', async () => {
    const { user, api, requestHistory } = setUp(USERINFO);
    await requestHistory.add('c1', {
      id: 'h1',
      method: 'GET',
      path: 'https://id.example.test/other',
      headers: '',
      body: '',
      durationMs: 1,
      at: 0,
    });
    const panel = await console_();
    const history = within(panel).getByRole('region', { name: 'History' });
    await user.click(await within(history).findByRole('button', { name: /Send again/ }));
    expect(panel).toHaveTextContent(
      `PATH_REFUSED https://id.example.test/other is not the UserInfo endpoint (${USERINFO})`,
    );
    expect(api).not.toHaveBeenCalled();
  });

  it('shows no console when discovery names no UserInfo endpoint', async () => {
    const { userInfoEndpoint } = setUp(undefined);
    await screen.findByRole('heading', { level: 1 });
    await waitFor(() => expect(userInfoEndpoint).toHaveBeenCalled());
    expect(screen.queryByRole('region', { name: 'API console' })).toBeNull();
  });
});
