import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import { memoryLifecycle } from './lifecycle-stubs';
import { memoryConnections, renderApp, sandboxConnection } from './render-app';

describe('a Disconnect that fails', () => {
  it('re-enables Disconnect, shows the error and lets the person try again', async () => {
    const connections = memoryConnections([sandboxConnection()]);
    const working = memoryLifecycle(() => connections);
    const disconnect = vi
      .fn<typeof working.disconnect>()
      .mockRejectedValueOnce(new KeyfobError(ErrorCode.STORAGE, 'The vault could not be read.'))
      .mockImplementation(working.disconnect);
    const { router } = renderApp('/connections/c1', {
      connections,
      lifecycle: { ...working, disconnect },
    });
    const button = await screen.findByRole('button', { name: 'Disconnect' });
    await userEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Disconnect Sandbox?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Disconnect' }));

    const alert = await screen.findByText('STORAGE', { selector: 'code' });
    expect(alert.closest('[role="alert"]')).toHaveTextContent('STORAGE');
    await waitFor(() => expect(button).toBeEnabled());
    expect(router.state.location.pathname).toBe('/connections/c1');
    expect(connections.data.has('c1')).toBe(true);

    // The second try goes through: the control was not left disabled for good.
    await userEvent.click(button);
    const again = screen.getByRole('dialog', { name: 'Disconnect Sandbox?' });
    await userEvent.click(within(again).getByRole('button', { name: 'Disconnect' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(disconnect).toHaveBeenCalledTimes(2);
    expect(connections.data.has('c1')).toBe(false);
  });
});
