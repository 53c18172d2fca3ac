import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { loadCustomProviders } from '../../src/config/custom-providers';
import { resolveProviders } from '../../src/config/resolve';
import { validateConfig } from '../../src/config/validate';
import { slugOf } from '../../src/features/custom-providers/provider-fields';
import type { ServerSummary } from '../../src/oauth/server-summary';
import { createMemoryStore } from '../../src/vault/store';
import { memoryLifecycle } from './lifecycle-stubs';
import { memoryConnections, renderApp, sandboxConnection, testConfig } from './render-app';

async function render(describeServer = vi.fn<(p: unknown) => Promise<ServerSummary>>()) {
  const config = validateConfig(testConfig);
  const providers = resolveProviders(config);
  const store = createMemoryStore();
  const customProviders = await loadCustomProviders(store, config, providers);
  const view = renderApp('/providers/new', { providers, customProviders, describeServer });
  return { ...view, store, providers, describeServer };
}

describe('adding a provider from the app', () => {
  it('makes an id from the name', () => {
    expect(slugOf('My Provider (EU)!')).toBe('my-provider-eu');
  });

  it('lists every problem at once, as config.json would', async () => {
    const user = userEvent.setup();
    const { store } = await render();
    await user.type(await screen.findByLabelText('Name', { exact: true }), 'Acme');
    await user.type(screen.getByLabelText(/^Issuer URL/), 'http://acme.test');
    await user.click(screen.getByRole('button', { name: 'Add provider' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'providers.acme.issuer must use https (http is allowed only for 127.0.0.1/localhost)',
    );
    expect(store.data.size).toBe(0);
  });

  it('explicit endpoints: shows what will be used, then adds it and goes to its connect page', async () => {
    const user = userEvent.setup();
    const describeServer = vi.fn(async () => ({
      issuer: 'https://m.test',
      authorizationEndpoint: 'https://m.test/auth',
      tokenEndpoint: 'https://m.test/token',
      issParameter: false,
      discovered: false,
      browserAccess: [
        {
          endpoint: 'token' as const,
          url: 'https://m.test/token',
          access: 'blocked' as const,
          proxied: false,
        },
      ],
    }));
    const { store, providers, router } = await render(describeServer);
    await user.type(await screen.findByLabelText('Name', { exact: true }), 'Manual One');
    await user.type(screen.getByLabelText('Client ID', { exact: true }), 'spa');
    await user.type(screen.getByLabelText('Authorization endpoint'), 'https://m.test/auth');
    await user.type(screen.getByLabelText('Token endpoint'), 'https://m.test/token');
    await user.click(screen.getByRole('button', { name: 'Check server' }));
    const found = await screen.findByRole('region', { name: 'What the server supports' });
    expect(found).toHaveTextContent('https://m.test (explicit endpoints)');
    expect(found).toHaveTextContent('Not advertised (Keyfob sends S256 anyway)');
    expect(found).toHaveTextContent('No: disconnect only forgets the tokens here');
    expect(within(found).getByText(/the server does not name itself/)).toBeInTheDocument();
    // Said before the person is sent away: this token endpoint refuses browsers.
    expect(within(found).getByRole('list', { name: 'Browser access' })).toHaveTextContent(
      "Manual One's token endpoint does not allow browsers: calls from this page will fail unless it is routed through the proxy",
    );
    await user.click(screen.getByRole('button', { name: 'Add provider' }));
    await screen.findByRole('heading', { name: 'Connect Manual One' });
    expect(router.state.location.pathname).toBe('/connect/manual-one');
    expect(store.data.get('provider:manual-one')).toMatchObject({
      name: 'Manual One',
      clientId: 'spa',
      authorizationEndpoint: 'https://m.test/auth',
    });
    expect(providers.some((p) => p.id === 'manual-one')).toBe(true);
  });
});

describe('removing a provider added here', () => {
  it('offers to disconnect its connections, and does so before removing it', async () => {
    const user = userEvent.setup();
    const config = validateConfig(testConfig);
    const providers = resolveProviders(config);
    const customProviders = await loadCustomProviders(createMemoryStore(), config, providers);
    await customProviders.add('acme', {
      name: 'Acme',
      clientId: 'spa',
      issuer: 'https://acme.test',
    });
    const connections = memoryConnections([
      sandboxConnection({ id: 'c-acme', providerId: 'acme', providerName: 'Acme' }),
    ]);
    const disconnected: string[] = [];
    renderApp('/providers/new', {
      providers,
      customProviders,
      connections,
      lifecycle: {
        ...memoryLifecycle(() => connections),
        async disconnect(id) {
          disconnected.push(id);
          await connections.remove(id);
          return {
            connectionId: id,
            providerName: 'Acme',
            revocation: 'failed',
            reason: 'TIMEOUT: the provider did not answer',
          };
        },
      },
    });
    await user.click(
      await screen.findByRole('button', { name: 'Remove Acme and disconnect its connection' }),
    );
    expect(await screen.findByText(/^Removed Acme and disconnected/)).toHaveTextContent(
      'Removed Acme and disconnected its connections. Not revoked at the provider: TIMEOUT: the provider did not answer.',
    );
    expect(disconnected).toEqual(['c-acme']);
    expect(await connections.list()).toEqual([]);
    expect(customProviders.ids()).toEqual([]);
  });
});
