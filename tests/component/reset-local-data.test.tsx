import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import { memoryConnections, renderApp } from './render-app';

const damaged = new KeyfobError(
  ErrorCode.STORAGE,
  'The vault key stored in this browser is damaged: it is not a CryptoKey. Reset local data to start again with a new key (your connections are lost).',
);

describe('Reset local data', () => {
  it('a STORAGE failure offers it, says what it deletes, and deletes only when confirmed', async () => {
    const resetLocalData = vi.fn(() => Promise.resolve());
    renderApp('/', {
      connections: { ...memoryConnections(), list: () => Promise.reject(damaged) },
      resetLocalData,
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('STORAGE');
    expect(alert).toHaveTextContent('vault key stored in this browser is damaged');
    await userEvent.click(within(alert).getByRole('button', { name: 'Reset local data' }));
    const confirm = screen.getByRole('region', { name: 'Reset local data' });
    for (const what of [
      'keyfob-keys',
      'keyfob-connections',
      'keyfob-transactions',
      'keyfob-vault-state',
      'keyfob-settings',
      'tokens or API keys',
      'sign-ins in progress',
      'providers added on this device',
      'not revoked',
    ]) {
      expect(confirm).toHaveTextContent(what);
    }
    expect(resetLocalData).not.toHaveBeenCalled();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(resetLocalData).not.toHaveBeenCalled();
    await userEvent.click(within(alert).getByRole('button', { name: 'Reset local data' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete local data' }));
    expect(resetLocalData).toHaveBeenCalledTimes(1);
  });

  it('other errors do not offer it', async () => {
    renderApp('/', {
      connections: {
        ...memoryConnections(),
        list: () => Promise.reject(new KeyfobError(ErrorCode.OFFLINE, 'offline')),
      },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('OFFLINE');
    expect(screen.queryByRole('button', { name: 'Reset local data' })).toBeNull();
  });
});
