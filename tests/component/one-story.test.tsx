import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { memoryConnections, renderApp, sandboxConnection } from './render-app';

/** A refresh token the provider revoked: the record keeps hasRefreshToken, the status knows better. */
const revoked = () =>
  sandboxConnection({
    status: 'needs-reconnect',
    statusCode: 'NEEDS_RECONNECT',
    statusReason: 'Sandbox refused the refresh token (invalid_grant).',
  });

describe('a page says one thing about a connection', () => {
  it('the connection page: a revoked grant is not "Connected as", nor "renews on its own"', async () => {
    renderApp('/connections/c1', { connections: memoryConnections([revoked()]) });
    expect(await screen.findByText('Account: demo user')).toBeInTheDocument();
    expect(screen.queryByText(/Connected as/)).not.toBeInTheDocument();
    expect(screen.queryByText(/renews on its own/)).not.toBeInTheDocument();
    expect(screen.getByText('Cannot renew here: sign in again')).toBeInTheDocument();
    expect(screen.getAllByRole('alert')[0]).toHaveTextContent('NEEDS_RECONNECT');
  });

  it('the home page: the row of a connection that needs a reconnect names the account only', async () => {
    renderApp('/', { connections: memoryConnections([revoked()]) });
    const row = await screen.findByRole('listitem', { name: 'Sandbox' });
    expect(within(row).getByRole('link', { name: 'Account: demo user' })).toBeInTheDocument();
    expect(within(row).queryByText(/Connected as/)).not.toBeInTheDocument();
  });

  it('a working connection still reads "Connected as" on both pages', async () => {
    renderApp('/connections/c1', { connections: memoryConnections([sandboxConnection()]) });
    expect(await screen.findByText('Connected as demo user')).toBeInTheDocument();
    expect(
      screen.getByText('Has a refresh token, so access renews on its own'),
    ).toBeInTheDocument();
  });

  it('an OAuth token without an expiry says its lifetime is unknown, not eternal', async () => {
    renderApp('/connections/c1', {
      connections: memoryConnections([sandboxConnection({ expiresAt: undefined })]),
    });
    expect(await screen.findByText('Lifetime not given by the provider')).toBeInTheDocument();
    expect(screen.queryByText('Does not expire')).not.toBeInTheDocument();
    expect(screen.queryByText(/never expires/i)).not.toBeInTheDocument();
  });
});
