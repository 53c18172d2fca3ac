import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { resolveProviders } from '../../src/config/resolve';
import { validateConfig } from '../../src/config/validate';
import { providerBinding } from '../../src/oauth/binding';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import type { Connection } from '../../src/oauth/types';
import { memoryConnections, renderApp, sandboxConnection, unusedFlow } from './render-app';

const providers = () =>
  resolveProviders(
    validateConfig({
      proxyUrl: 'https://proxy.example.test',
      providers: {
        convert: { clientId: 'cv' },
        cloudconvert: { clientId: 'cc', useProxy: true },
        videoask: { clientId: 'va', useProxy: true },
      },
    }),
  );

/** A connection issued by `overrides.providerId` as configured in providers(). */
function connection(overrides: Partial<Connection>): Connection {
  const provider = providers().find((p) => p.id === overrides.providerId);
  return sandboxConnection({
    id: 'c1',
    issuer: provider?.issuer,
    binding: provider && providerBinding(provider),
    ...overrides,
  });
}

const convertConnection = (expiresAt: number) =>
  connection({
    providerId: 'convert',
    providerName: 'Convert',
    expiresAt,
    hasRefreshToken: false,
    grantedScopes: ['selected_accounts_projects'],
    grant: {
      mode: 'selected',
      accounts: [{ account_id: 100001, name: 'Demo Agency', projects: [] }],
    },
    identity: { displayName: 'Demo Agency', subject: '100001' },
  });

describe('the connection page, per provider', () => {
  it('CloudConvert with an API key: username and credits; the key only when revealed', async () => {
    const user = userEvent.setup();
    const { container } = renderApp('/connections/c1', {
      providers: providers(),
      connections: memoryConnections([
        connection({
          providerId: 'cloudconvert',
          providerName: 'CloudConvert',
          authMethod: 'api-key',
          expiresAt: undefined,
          hasRefreshToken: false,
          grantedScopes: [],
          identity: {
            displayName: 'demo-user',
            email: 'demo@cloudconvert.test',
            details: { username: 'demo-user', credits: 1250 },
          },
          credential: { kind: 'api-key', apiKey: 'the-secret-key' },
        }),
      ]),
    });
    await screen.findByText('Connected as demo-user');
    expect(screen.getByText('1,250')).toBeInTheDocument();
    expect(screen.getByText('demo@cloudconvert.test')).toBeInTheDocument();
    expect(screen.getByText('Does not expire')).toBeInTheDocument();
    expect(container.innerHTML).not.toContain('the-secret-key');
    await user.click(screen.getByRole('button', { name: 'Reveal key' }));
    expect(screen.getByText('the-secret-key')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Hide key' }));
    expect(container.innerHTML).not.toContain('the-secret-key');
  });

  it('VideoAsk: lists the organizations and which one is sent as organization-id', async () => {
    renderApp('/connections/c1', {
      providers: providers(),
      connections: memoryConnections([
        connection({
          providerId: 'videoask',
          providerName: 'VideoAsk',
          identity: {
            displayName: 'demo-user',
            details: {
              organizationId: 'org-1',
              organizations: [
                { id: 'org-1', name: 'Demo Org', role: 'owner' },
                { id: 'org-2', name: 'Side Org' },
              ],
            },
          },
        }),
      ]),
    });
    const orgs = await screen.findByRole('region', { name: 'Organizations' });
    const items = within(orgs).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Demo Org org-1 (owner) — sent as organization-id');
    expect(items[1]).toHaveTextContent('Side Org org-2');
    expect(items[1]).not.toHaveTextContent('organization-id');
  });

  it('Convert, expired: one click starts the authorization for the same connection', async () => {
    const user = userEvent.setup();
    const startAuthorization = vi.fn(async () => new URL('https://app.convert.test/authorize?x=1'));
    const navigateAway = vi.fn();
    renderApp('/connections/c1', {
      providers: providers(),
      flow: { ...unusedFlow(), startAuthorization },
      navigateAway,
      connections: memoryConnections([convertConnection(Date.now() - 1000)]),
    });
    await user.click(await screen.findByRole('button', { name: 'Expired: reconnect' }));
    expect(startAuthorization).toHaveBeenCalledWith('convert', {
      connectionId: 'c1',
      scopes: ['selected_accounts_projects'],
      returnTo: '/connections/c1',
    });
    expect(navigateAway).toHaveBeenCalledWith(new URL('https://app.convert.test/authorize?x=1'));
  });

  it('Convert, not expired: no reconnect; "Check connection" reports what the provider said', async () => {
    const user = userEvent.setup();
    const checkConnection = vi
      .fn()
      .mockResolvedValueOnce(convertConnection(Date.now() + 60_000))
      .mockRejectedValueOnce(
        new KeyfobError(ErrorCode.NEEDS_RECONNECT, 'The access token was refused by Convert.'),
      );
    renderApp('/connections/c1', {
      providers: providers(),
      checkConnection,
      connections: memoryConnections([convertConnection(Date.now() + 60_000)]),
    });
    await screen.findByText('Connected as Demo Agency');
    expect(screen.queryByRole('button', { name: 'Expired: reconnect' })).toBeNull();
    expect(
      screen.getByText(/No refresh token: when access expires, reconnect/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Check connection' }));
    expect(await screen.findByText('Convert accepted the token')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Check connection' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'NEEDS_RECONNECT The access token was refused by Convert.',
    );
    expect(checkConnection).toHaveBeenCalledWith('c1');
  });
});
