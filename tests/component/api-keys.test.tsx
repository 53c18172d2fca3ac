import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createApiKeyConnector } from '../../src/oauth/api-keys';
import type { Connection } from '../../src/oauth/types';
import { resolveProviders } from '../../src/config/resolve';
import { validateConfig } from '../../src/config/validate';
import { memoryConnections, renderApp, testConfig } from './render-app';
import { serverWithoutNotes } from './service-stubs';

const API = 'https://app.whatconverts.com/api/v1';

function whatConvertsFetch(status = 200) {
  return vi.fn(async (input: string | URL | Request) => {
    const url = String(input);
    if (url.startsWith(`${API}/leads`)) {
      return status === 200
        ? Response.json({ leads: [{ profile: 'Demo Profile' }] })
        : Response.json({ error_message: 'Invalid credentials' }, { status });
    }
    if (url.startsWith(`${API}/accounts`)) return Response.json({}, { status: 403 });
    throw new TypeError('Failed to fetch');
  });
}

function render(status = 200, initial: Connection[] = []) {
  const connections = memoryConnections(initial);
  const fetch = whatConvertsFetch(status);
  const providers = resolveProviders(validateConfig(testConfig));
  const apiKeys = createApiKeyConnector({
    provider: (id) => providers.find((p) => p.id === id),
    connections,
    appOrigin: 'http://localhost',
    fetch,
  });
  const view = renderApp('/connect/whatconverts', { connections, providers, apiKeys });
  return { ...view, connections, fetch };
}

describe('the API-key form', () => {
  it('asks WhatConverts for a token and secret in password fields, checks them, then shows the connection', async () => {
    const user = userEvent.setup();
    const { container, connections, router } = render();
    const token = await screen.findByLabelText('API token');
    const secret = screen.getByLabelText('API secret');
    expect(token).toHaveAttribute('type', 'password');
    expect(secret).toHaveAttribute('type', 'password');
    expect(screen.getByText(/1,000 requests a day for a profile key/)).toBeInTheDocument();
    await user.type(token, 'typed-token');
    await user.type(secret, 'typed-secret');
    expect(container.innerHTML).not.toContain('typed-secret');
    await user.click(screen.getByRole('button', { name: 'Save WhatConverts key' }));
    await screen.findByText('Connected as Demo Profile');
    expect(router.state.location.pathname).toMatch(/^\/connections\//);
    expect(screen.getByText('Profile key')).toBeInTheDocument();
    expect(
      screen.getByText('Not needed: an API key stays valid until it is revoked'),
    ).toBeInTheDocument();
    expect(screen.getByText('Whatever the key allows')).toBeInTheDocument();
    expect(screen.getByText('1,000 requests a day, reset at midnight UTC')).toBeInTheDocument();
    expect(container.innerHTML).not.toContain('typed-secret');
    expect(container.innerHTML).not.toContain('typed-token');
    const [saved] = [...connections.data.values()];
    expect(saved!.credential).toEqual({
      kind: 'token-secret',
      token: 'typed-token',
      secret: 'typed-secret',
    });
    const stored = screen.getByRole('region', { name: 'Stored key' });
    await user.click(within(stored).getByRole('button', { name: 'Reveal key' }));
    expect(stored).toHaveTextContent('typed-secret');
    await user.click(within(stored).getByRole('button', { name: 'Hide key' }));
    expect(container.innerHTML).not.toContain('typed-secret');
  });

  it('a refused key shows KEY_REFUSED, keeps nothing and never repeats the key', async () => {
    const user = userEvent.setup();
    const { container, connections } = render(401);
    await user.type(await screen.findByLabelText('API token'), 'bad-token');
    await user.type(screen.getByLabelText('API secret'), 'bad-secret');
    await user.click(screen.getByRole('button', { name: 'Save WhatConverts key' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('KEY_REFUSED');
    expect(alert).toHaveTextContent('The key was refused by WhatConverts (HTTP 401');
    expect(connections.data.size).toBe(0);
    expect(container.innerHTML).not.toContain('bad-secret');
  });
});

describe('CloudConvert on the connect page', () => {
  it('offers the six scopes and an API key', async () => {
    renderApp('/connect/cloudconvert', { describeServer: serverWithoutNotes });
    const boxes = await screen.findAllByRole('checkbox');
    expect(boxes).toHaveLength(6);
    expect(screen.getByRole('checkbox', { name: /task\.write/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /webhook\.read/ })).not.toBeChecked();
    expect(screen.getByLabelText('API key')).toHaveAttribute('type', 'password');
    expect(screen.getByRole('button', { name: 'Save CloudConvert key' })).toBeEnabled();
  });
});
