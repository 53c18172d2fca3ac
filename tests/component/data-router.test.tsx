import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import type { Services } from '../../src/services/services';
import { memoryLifecycle } from './lifecycle-stubs';
import { memoryConnections, renderApp, sandboxConnection } from './render-app';

/** A lifecycle whose change events the test sends, as another tab would. */
function lifecycleWithEvents(connections: ReturnType<typeof memoryConnections>) {
  const lifecycle = memoryLifecycle(() => connections);
  const listeners = new Set<() => void>();
  lifecycle.subscribe = (listener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return { lifecycle, changed: () => listeners.forEach((l) => l()) };
}

describe('Disconnect, the connection route action', () => {
  it('a failed disconnect shows the error and leaves the controls usable', async () => {
    const connections = memoryConnections([sandboxConnection()]);
    const lifecycle = memoryLifecycle(() => connections);
    lifecycle.disconnect = vi.fn(async () => {
      throw new KeyfobError(ErrorCode.TIMEOUT, 'A lock another tab held did not come free.');
    });
    const { router } = renderApp('/connections/c1', { connections, lifecycle });
    await userEvent.click(await screen.findByRole('button', { name: 'Disconnect' }));
    const dialog = screen.getByRole('dialog', { name: 'Disconnect Sandbox?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'TIMEOUT A lock another tab held did not come free.',
    );
    expect(lifecycle.disconnect).toHaveBeenCalledWith('c1');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/connections/c1');
    expect(screen.getByText('Connected as demo user')).toBeInTheDocument();
    // Usable again: the dialog opens and asks once more.
    const again = screen.getByRole('button', { name: 'Disconnect' });
    expect(again).toBeEnabled();
    await userEvent.click(again);
    expect(screen.getByRole('dialog', { name: 'Disconnect Sandbox?' })).toBeInTheDocument();
  });
});

describe('loaders and revalidation', () => {
  it('the home page loads again when a connection is saved in another tab', async () => {
    const connections = memoryConnections();
    const { lifecycle, changed } = lifecycleWithEvents(connections);
    renderApp('/', { connections, lifecycle });
    const sandbox = await screen.findByRole('listitem', { name: 'Sandbox' });
    expect(within(sandbox).getByText('Not connected')).toBeInTheDocument();
    await connections.save(sandboxConnection());
    changed();
    expect(
      await within(sandbox).findByRole('link', { name: 'Connected as demo user' }),
    ).toHaveAttribute('href', '/connections/c1');
  });

  it('a change during the callback waits until the router is idle, then loads once', async () => {
    const connection = sandboxConnection();
    const connections = memoryConnections();
    const { lifecycle, changed } = lifecycleWithEvents(connections);
    const get = vi.spyOn(connections, 'get');
    const completeAuthorization = vi.fn(async () => {
      await connections.save(connection);
      // The save is announced while the callback's loader still runs.
      changed();
      return { connection, returnTo: '/' };
    });
    renderApp('/callback/sandbox?code=c&state=s', {
      connections,
      lifecycle,
      flow: { startAuthorization: vi.fn(), completeAuthorization },
    });
    expect(await screen.findByText('Connected as demo user')).toBeInTheDocument();
    await waitFor(() => expect(get).toHaveBeenCalledTimes(2));
    expect(completeAuthorization).toHaveBeenCalledTimes(1);
  });
});

describe('route errors', () => {
  it('a loader that fails shows the shared error page; unlocking loads the page again', async () => {
    const connections = memoryConnections([sandboxConnection()]);
    let locked = true;
    const list = connections.list;
    connections.list = async () => {
      if (locked) throw new KeyfobError(ErrorCode.LOCKED, 'Keyfob is locked: unlock it first.');
      return list();
    };
    const vaultListeners = new Set<() => void>();
    const vault: Services['vault'] = {
      state: async () => (locked ? 'locked' : 'unlocked'),
      subscribe: (listener) => {
        vaultListeners.add(listener);
        return () => void vaultListeners.delete(listener);
      },
      unlock: async () => {
        // As the real one: the key is derived first (PBKDF2), so the change comes later.
        await new Promise((resolve) => setTimeout(resolve, 20));
        locked = false;
        vaultListeners.forEach((l) => l());
      },
      setPassphrase: () => Promise.reject(new Error('not expected')),
      lockNow: () => undefined,
      removeLock: () => Promise.reject(new Error('not expected')),
      lockMethod: async () => 'passphrase',
      passkeySupport: async () => ({ supported: false, reason: 'No passkeys in these tests.' }),
      setPasskey: () => Promise.reject(new Error('not expected')),
      unlockWithPasskey: () => Promise.reject(new Error('not expected')),
      idleMinutes: async () => 0,
      setIdleMinutes: () => Promise.reject(new Error('not expected')),
    };
    renderApp('/', { connections, vault });
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('Keyfob is locked');
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    await waitFor(() => expect(document.title).toBe('Keyfob is locked · Keyfob'));
    expect(screen.getAllByRole('alert')[0]).toHaveTextContent(
      'LOCKED Keyfob is locked: unlock it first.',
    );
    expect(screen.getByRole('link', { name: 'Back to connections' })).toHaveAttribute('href', '/');
    await userEvent.type(screen.getByLabelText('Passphrase'), 'right one');
    await userEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByRole('heading', { name: 'Connections' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Connected as demo user' })).toBeInTheDocument();
  });
});
