import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { resolveProviders } from '../../src/config/resolve';
import { validateConfig } from '../../src/config/validate';
import { providerBinding } from '../../src/oauth/binding';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import { memoryLifecycle } from './lifecycle-stubs';
import { memoryConnections, renderApp, sandboxConnection, testConfig } from './render-app';
import { unexpectedAsync } from './unexpected-calls';

/** A connection issued by withApi()'s sandbox (same API base URL), so nothing reads as rebound. */
const apiConnection = () =>
  sandboxConnection({ binding: providerBinding(withApi().find((p) => p.id === 'sandbox')!) });

const withApi = () =>
  resolveProviders(
    validateConfig({
      ...testConfig,
      providers: {
        ...testConfig.providers,
        sandbox: { ...testConfig.providers.sandbox, apiBaseUrl: 'https://id.example.test/api' },
      },
    }),
  );

describe('the API console', () => {
  it('calls the API with the stored credential on every press and shows the answer', async () => {
    const api = vi.fn(async () => Response.json({ sub: 'demo', name: 'demo user' }));
    renderApp('/connections/c1', {
      providers: withApi(),
      connections: memoryConnections([apiConnection()]),
      api,
    });
    const path = await screen.findByRole('textbox', { name: 'Path' });
    expect(path).toHaveValue('/me');
    const button = screen.getByRole('button', { name: 'Send' });
    await userEvent.click(button);
    await userEvent.click(button);
    const answer = await screen.findByRole('region', { name: 'API answer' });
    expect(answer).toHaveTextContent(/^HTTP 200 in \d+ ms/);
    expect(screen.getByText(/"sub": "demo"/)).toBeInTheDocument();
    expect(api).toHaveBeenCalledTimes(2);
    expect(api).toHaveBeenCalledWith('c1', '/me', { method: 'GET', headers: [] });
  });

  it('shows a typed failure through the error alert', async () => {
    const api = vi.fn(async () => {
      throw new KeyfobError(ErrorCode.RATE_LIMITED, 'Sandbox asks to slow down.', {
        retryAfterSeconds: 3,
      });
    });
    renderApp('/connections/c1', {
      providers: withApi(),
      connections: memoryConnections([apiConnection()]),
      api,
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('RATE_LIMITED');
  });
});

describe('expiry', () => {
  it('an expired token with a refresh token renews on the next call: no reconnect button', async () => {
    renderApp('/connections/c1', {
      connections: memoryConnections([sandboxConnection({ expiresAt: Date.now() - 1000 })]),
    });
    expect(await screen.findByText(/^Expired at/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /reconnect/i })).toBeNull();
  });
});

describe('needs reconnect', () => {
  it('a lost refresh answer says so with its code and offers the one-click reconnect', async () => {
    const startAuthorization = vi.fn(async () => new URL('https://id.example.test/authorize'));
    const navigateAway = vi.fn();
    renderApp('/connections/c1', {
      connections: memoryConnections([
        sandboxConnection({
          status: 'needs-reconnect',
          statusCode: ErrorCode.REFRESH_ANSWER_LOST,
          statusReason: 'An earlier refresh never got its answer.',
        }),
      ]),
      flow: {
        startAuthorization,
        completeAuthorization: unexpectedAsync('completeAuthorization'),
      },
      navigateAway,
    });
    const alert = await screen.findByText(/Needs reconnect/);
    expect(alert).toHaveTextContent(
      'REFRESH_ANSWER_LOST Needs reconnect: An earlier refresh never got its answer.',
    );
    await userEvent.click(screen.getByRole('button', { name: /reconnect/i }));
    await waitFor(() => expect(navigateAway).toHaveBeenCalled());
    expect(startAuthorization).toHaveBeenCalledWith(
      'sandbox',
      expect.objectContaining({ connectionId: 'c1' }),
    );
  });
});

describe('waking up', () => {
  it('refreshes what is due on focus and when the network returns', async () => {
    const lifecycle = memoryLifecycle(() => memoryConnections());
    const refreshDue = vi.fn(async () => {});
    lifecycle.refreshDue = refreshDue;
    renderApp('/', { lifecycle });
    await screen.findByRole('heading', { name: 'Connections' });
    window.dispatchEvent(new Event('focus'));
    window.dispatchEvent(new Event('online'));
    expect(refreshDue).toHaveBeenCalledTimes(2);
  });
});

describe('disconnect', () => {
  it('says on the home page what happened at the provider and here', async () => {
    const connections = memoryConnections([sandboxConnection()]);
    const lifecycle = memoryLifecycle(() => connections);
    lifecycle.disconnect = vi.fn(async (connectionId: string) => {
      await connections.remove(connectionId);
      return { connectionId, providerName: 'Sandbox', revocation: 'revoked' as const };
    });
    const { router } = renderApp('/connections/c1', { connections, lifecycle });
    await userEvent.click(await screen.findByRole('button', { name: 'Disconnect' }));
    const dialog = screen.getByRole('dialog', { name: 'Disconnect Sandbox?' });
    expect(lifecycle.disconnect).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(
      await screen.findByText(
        'Disconnected Sandbox: access revoked at the provider and removed from this browser.',
      ),
    ).toBeInTheDocument();
    expect(connections.data.size).toBe(0);
  });

  it('asks first: says what is revoked and deleted, and Cancel keeps the connection', async () => {
    const connections = memoryConnections([sandboxConnection()]);
    const lifecycle = memoryLifecycle(() => connections);
    lifecycle.disconnect = vi.fn(lifecycle.disconnect);
    const { router } = renderApp('/connections/c1', { connections, lifecycle });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await userEvent.click(await screen.findByRole('button', { name: 'Disconnect' }));
    const dialog = screen.getByRole('dialog', { name: 'Disconnect Sandbox?' });
    expect(dialog).toHaveTextContent(/Revoked: Keyfob asks Sandbox to revoke the/);
    expect(dialog).toHaveTextContent(/Deleted from this browser: the connection to Sandbox/);
    // The safe answer has focus.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(lifecycle.disconnect).not.toHaveBeenCalled();
    expect(router.state.location.pathname).toBe('/connections/c1');
    expect(connections.data.size).toBe(1);
  });

  it('shows a wiped store, and the storage line only once something is stored', async () => {
    const lifecycle = memoryLifecycle(() => memoryConnections());
    lifecycle.storageHealth = async () => ({ persistence: 'not-granted', lostConnections: 2 });
    renderApp('/', { lifecycle });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Your browser cleared Keyfob's storage",
    );
    expect(screen.queryByText(/Persistent storage/)).not.toBeInTheDocument();
    cleanup();

    const connections = memoryConnections([sandboxConnection()]);
    const stored = memoryLifecycle(() => connections);
    stored.storageHealth = async () => ({ persistence: 'not-granted', lostConnections: 0 });
    renderApp('/', { connections, lifecycle: stored });
    expect(await screen.findByText(/Persistent storage: not granted/)).toBeInTheDocument();
  });

  it('reloads when another tab changes a connection', async () => {
    const connections = memoryConnections([sandboxConnection()]);
    const lifecycle = memoryLifecycle(() => connections);
    const listeners: (() => void)[] = [];
    lifecycle.subscribe = (listener) => {
      listeners.push(listener);
      return () => undefined;
    };
    renderApp('/connections/c1', { connections, lifecycle });
    await screen.findByText('Connected as demo user');
    connections.data.delete('c1');
    listeners.forEach((l) => l());
    expect(
      await screen.findByText('This connection was disconnected in another tab.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/does not exist/)).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to connections' })).toHaveAttribute('href', '/');
  });
});
