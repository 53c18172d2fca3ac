import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Services } from '../../src/services/services';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import type { PasskeySupport } from '../../src/vault/passkey';
import type { LockMethod, LockState } from '../../src/vault/vault-lock';
import { renderApp } from './render-app';

const cancelled = () =>
  new KeyfobError(
    ErrorCode.PASSKEY_FAILED,
    'The passkey was not used: the request was cancelled, timed out or no passkey was chosen. Keyfob stays locked.',
  );

/** A vault whose state the test drives; every change is announced like the real one's. */
function fakeVault(
  initial: LockState,
  passphrase = 'correct horse battery',
  {
    method = 'passphrase' as LockMethod,
    support = { supported: true } as PasskeySupport,
    passkey = 'present' as 'present' | 'cancelled',
  } = {},
) {
  let state = initial;
  let lockedWith: LockMethod | undefined = initial === 'none' ? undefined : method;
  let idle = 0;
  const listeners = new Set<() => void>();
  const set = (next: LockState) => {
    state = next;
    listeners.forEach((l) => l());
  };
  const vault: Services['vault'] = {
    state: async () => state,
    subscribe: (l) => (listeners.add(l), () => void listeners.delete(l)),
    setPassphrase: vi.fn(async () => {
      lockedWith = 'passphrase';
      set('unlocked');
    }),
    lockNow: vi.fn(() => set('locked')),
    unlock: vi.fn(async (given: string) => {
      if (given !== passphrase)
        throw new KeyfobError(ErrorCode.LOCKED, 'That passphrase is not the right one.');
      set('unlocked');
    }),
    removeLock: vi.fn(async () => {
      lockedWith = undefined;
      set('none');
    }),
    lockMethod: async () => lockedWith,
    passkeySupport: async () => support,
    setPasskey: vi.fn(async () => {
      if (passkey === 'cancelled') throw cancelled();
      lockedWith = 'passkey';
      set('unlocked');
    }),
    unlockWithPasskey: vi.fn(async () => {
      if (passkey === 'cancelled') throw cancelled();
      set('unlocked');
    }),
    idleMinutes: async () => idle,
    setIdleMinutes: vi.fn(async (m: number) => void (idle = m)),
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

  it('Lock with a passkey: offered, and a cancelled ceremony refused with an alert', async () => {
    const vault = fakeVault('none', undefined, { passkey: 'cancelled' });
    renderApp('/settings', { vault });
    const section = await screen.findByRole('region', { name: 'Lock with a passkey' });
    expect(section).toHaveTextContent('PRF');
    expect(section).toHaveTextContent('only way back is Reset local data');
    // No idle setting before a lock is set.
    expect(screen.queryByLabelText('Lock after')).not.toBeInTheDocument();
    await userEvent.click(
      await within(section).findByRole('button', { name: 'Lock with a passkey' }),
    );
    await waitFor(() =>
      expect(within(section).getByRole('alert')).toHaveTextContent(
        'PASSKEY_FAILED The passkey was not used',
      ),
    );
    expect(vault.setPasskey).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('form', { name: 'Lock with a passphrase' })).toBeInTheDocument();
  });

  it('says plainly why Lock with a passkey is not available', async () => {
    const reason = 'This browser does not offer the passkey PRF extension.';
    renderApp('/settings', {
      vault: fakeVault('none', undefined, { support: { supported: false, reason } }),
    });
    const section = await screen.findByRole('region', { name: 'Lock with a passkey' });
    expect(await within(section).findByText(/not available here/)).toHaveTextContent(reason);
    expect(within(section).queryByRole('button')).not.toBeInTheDocument();
  });

  it('locked with a passkey: Lock after, Lock now, Unlock with a passkey (cancelled, then used)', async () => {
    const vault = fakeVault('none', undefined, { method: 'passkey' });
    renderApp('/settings', { vault });
    await userEvent.click(await screen.findByRole('button', { name: 'Lock with a passkey' }));
    expect(
      await screen.findByText('Locked with a passkey, and unlocked in this browser.'),
    ).toBeInTheDocument();
    const lockAfter = await screen.findByLabelText('Lock after');
    expect([...(lockAfter as HTMLSelectElement).options].map((o) => o.text)).toEqual([
      'Never',
      '5 minutes',
      '15 minutes',
      '60 minutes',
    ]);
    await userEvent.selectOptions(lockAfter, '15 minutes');
    expect(vault.setIdleMinutes).toHaveBeenCalledWith(15);
    expect(lockAfter).toHaveValue('15');

    await userEvent.click(screen.getByRole('button', { name: 'Lock now' }));
    const locked = await screen.findByRole('region', { name: 'Locked' });
    expect(locked).toHaveTextContent('Unlock it with your passkey.');
    expect(within(locked).queryByLabelText('Passphrase')).not.toBeInTheDocument();
    vi.mocked(vault.unlockWithPasskey).mockRejectedValueOnce(cancelled());
    await userEvent.click(
      await within(locked).findByRole('button', { name: 'Unlock with a passkey' }),
    );
    expect(await within(locked).findByRole('alert')).toHaveTextContent('PASSKEY_FAILED');
    await userEvent.click(within(locked).getByRole('button', { name: 'Unlock with a passkey' }));
    expect(vault.unlockWithPasskey).toHaveBeenCalledTimes(2);
    expect(await screen.findByRole('button', { name: 'Remove lock' })).toBeInTheDocument();
  });
});
