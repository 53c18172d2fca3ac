import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Services } from '../../src/services/services';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import type { LockState } from '../../src/vault/vault-lock';
import { renderApp } from './render-app';

/** A vault whose state the test drives; every change is announced like the real one's. */
function fakeVault(initial: LockState, passphrase = 'correct horse battery') {
  let state = initial;
  const listeners = new Set<() => void>();
  const set = (next: LockState) => {
    state = next;
    listeners.forEach((l) => l());
  };
  const vault: Services['vault'] = {
    state: async () => state,
    subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
    setPassphrase: vi.fn(async () => set('unlocked')),
    lockNow: vi.fn(() => set('locked')),
    unlock: vi.fn(async (given: string) => {
      if (given !== passphrase)
        throw new KeyfobError(ErrorCode.LOCKED, 'That passphrase is not the right one.');
      set('unlocked');
    }),
    removeLock: vi.fn(async () => set('none')),
  };
  return vault;
}

describe('the Settings page', () => {
  it('is linked from the header and says before locking that a forgotten passphrase only resets', async () => {
    const vault = fakeVault('none');
    renderApp('/', { vault });
    await userEvent.click(screen.getByRole('link', { name: 'Settings' }));
    const form = await screen.findByRole('form', { name: 'Lock with a passphrase' });
    expect(form).toHaveTextContent('A forgotten passphrase cannot be recovered');
    expect(form).toHaveTextContent('Reset local data');
    expect(form).toHaveTextContent('600,000');
    await userEvent.type(within(form).getByLabelText('Passphrase'), 'correct horse battery');
    await userEvent.type(within(form).getByLabelText('Repeat passphrase'), 'correct horse batterx');
    await userEvent.click(within(form).getByRole('button', { name: 'Lock' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('not the same');
    expect(vault.setPassphrase).not.toHaveBeenCalled();
    await userEvent.clear(within(form).getByLabelText('Repeat passphrase'));
    await userEvent.type(within(form).getByLabelText('Repeat passphrase'), 'correct horse battery');
    await userEvent.click(within(form).getByRole('button', { name: 'Lock' }));
    expect(vault.setPassphrase).toHaveBeenCalledWith('correct horse battery');
    expect(await screen.findByText(/Locked with a passphrase, and unlocked/)).toBeInTheDocument();
  });

  it('Lock now, a wrong passphrase refused with an alert, Unlock, Remove lock', async () => {
    const vault = fakeVault('unlocked');
    renderApp('/settings', { vault });
    await userEvent.click(await screen.findByRole('button', { name: 'Lock now' }));
    const locked = await screen.findByRole('region', { name: 'Locked' });
    await userEvent.type(within(locked).getByLabelText('Passphrase'), 'wrong passphrase');
    await userEvent.click(within(locked).getByRole('button', { name: 'Unlock' }));
    expect(await within(locked).findByRole('alert')).toHaveTextContent(
      'LOCKED That passphrase is not the right one.',
    );
    await userEvent.clear(within(locked).getByLabelText('Passphrase'));
    await userEvent.type(within(locked).getByLabelText('Passphrase'), 'correct horse battery');
    await userEvent.click(within(locked).getByRole('button', { name: 'Unlock' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Remove lock' }));
    expect(await screen.findByRole('form', { name: 'Lock with a passphrase' })).toBeInTheDocument();
  });
});
