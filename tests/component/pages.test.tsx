import type { ResolvedProvider } from '../../src/config/resolve';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConfigErrors } from '../../src/features/config/config-errors';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import { validateConfig } from '../../src/config/validate';
import { memoryConnections, renderApp, sandboxConnection, unusedFlow } from './render-app';
import { serverWithoutNotes } from './service-stubs';

describe('the connections list', () => {
  it('lists every provider with its state and a Connect control', async () => {
    renderApp('/', { connections: memoryConnections([sandboxConnection()]) });
    const sandbox = await screen.findByRole('listitem', { name: 'Sandbox' });
    expect(within(sandbox).getByRole('link', { name: 'Connected as demo user' })).toHaveAttribute(
      'href',
      '/connections/c1',
    );
    expect(within(sandbox).getByRole('button', { name: 'Connect another account' })).toBeEnabled();
    const cloudconvert = screen.getByRole('listitem', { name: 'CloudConvert' });
    expect(within(cloudconvert).getByText('Not connected')).toBeInTheDocument();
    expect(
      within(cloudconvert).getByRole('button', { name: 'Connect CloudConvert' }),
    ).toBeEnabled();
  });

  it('starts with a line and the sandbox first, as the primary card', async () => {
    renderApp('/');
    const sandbox = await screen.findByRole('listitem', { name: 'Sandbox' });
    expect(screen.getByText(/^Connect your API accounts/)).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 2 })[0]).toHaveTextContent('Sandbox');
    expect(sandbox).toHaveTextContent('Try it with the local sandbox, no account needed.');
    expect(within(sandbox).getByRole('button', { name: 'Connect Sandbox' })).toHaveClass('primary');
    // Nothing stored yet: no word about persistent storage.
    expect(screen.queryByText(/Persistent storage/)).not.toBeInTheDocument();
  });

  it('groups what is not set up under one disclosure with the hint, not as disabled buttons', async () => {
    renderApp('/');
    await screen.findByRole('listitem', { name: 'Sandbox' });
    expect(screen.queryByRole('button', { name: 'Connect Convert' })).not.toBeInTheDocument();
    for (const button of screen.getAllByRole('button')) expect(button).toBeEnabled();
    const group = screen.getByText('Not set up here').closest('details')!;
    expect(group).not.toHaveAttribute('open');
    expect(within(group).getByRole('listitem', { name: 'Convert' })).toHaveTextContent(
      'Convert: providers.convert.clientId',
    );
  });

  it('shows each connection with its mark, method, status and time left; twins told apart', async () => {
    const soon = Date.now() + 30 * 60_000;
    renderApp('/', {
      connections: memoryConnections([
        sandboxConnection({ id: 'a', expiresAt: soon, createdAt: Date.UTC(2026, 0, 1) }),
        sandboxConnection({ id: 'b', expiresAt: soon, createdAt: Date.UTC(2026, 0, 2) }),
      ]),
    });
    const sandbox = await screen.findByRole('listitem', { name: 'Sandbox' });
    expect(sandbox.querySelector('.mark')).toHaveAttribute('data-mark', 'S');
    const rows = within(sandbox).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toHaveTextContent(/Connected as demo user/);
      expect(row).toHaveTextContent(/OAuth/);
      expect(row).toHaveTextContent(/Connected.*expires in (29|30) min/);
    }
    expect(rows[0]!.textContent).not.toEqual(rows[1]!.textContent);
    expect(rows[0]).toHaveTextContent(`made ${new Date(Date.UTC(2026, 0, 1)).toLocaleString()}`);
  });

  it('lists connected providers first, then set-up ones, key-only ones', async () => {
    renderApp('/', { connections: memoryConnections([sandboxConnection()]) });
    await screen.findByRole('listitem', { name: 'Sandbox' });
    const names = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(names).toEqual(['Sandbox', 'CloudConvert', 'WhatConverts']);
  });

  it('never puts a token in the DOM', async () => {
    const { container } = renderApp('/connections/c1', {
      connections: memoryConnections([sandboxConnection()]),
    });
    await screen.findByText('Connected as demo user');
    expect(container.innerHTML).not.toContain('secret-access-token');
  });

  it('says whether the tokens are bound (DPoP, with the key thumbprint) or Bearer', async () => {
    const jkt = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
    const bound = renderApp('/connections/c1', {
      connections: memoryConnections([
        sandboxConnection({
          dpop: { jkt },
          credential: { kind: 'oauth', accessToken: 'secret-access-token', tokenType: 'dpop' },
        }),
      ]),
    });
    expect(await screen.findByText(/Tokens bound to this browser \(DPoP\)/)).toBeTruthy();
    expect(screen.getByTestId('dpop-thumbprint').textContent).toBe(jkt);
    bound.unmount();
    renderApp('/connections/c1', { connections: memoryConnections([sandboxConnection()]) });
    expect(await screen.findByText('Bearer tokens (not bound)')).toBeTruthy();
  });
});

describe('the connect page', () => {
  it('shows the provider, scopes and redirect URI, and goes to the provider', async () => {
    const startAuthorization = vi.fn(async () => new URL('https://id.example.test/authorize?x=1'));
    const navigateAway = vi.fn();
    renderApp('/connect/sandbox', {
      flow: { ...unusedFlow(), startAuthorization },
      navigateAway,
      describeServer: serverWithoutNotes,
    });
    expect(screen.getByRole('heading', { name: 'Connect Sandbox' })).toBeInTheDocument();
    expect(screen.getByText('http://localhost/callback/sandbox')).toBeInTheDocument();
    expect(screen.getByText('id.example.test')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('checkbox', { name: /profile/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Continue to Sandbox' }));
    expect(startAuthorization).toHaveBeenCalledWith('sandbox', {
      scopes: ['openid', 'offline_access'],
      returnTo: '/',
    });
    expect(navigateAway).toHaveBeenCalledWith(new URL('https://id.example.test/authorize?x=1'));
  });

  it('asks for at least one scope before going to the provider', async () => {
    const startAuthorization = vi.fn(async () => new URL('https://id.example.test/authorize'));
    const navigateAway = vi.fn();
    renderApp('/connect/sandbox', {
      flow: { ...unusedFlow(), startAuthorization },
      navigateAway,
      describeServer: serverWithoutNotes,
    });
    for (const box of screen.getAllByRole('checkbox')) {
      if ((box as HTMLInputElement).checked) await userEvent.click(box);
    }
    const hint = screen.getByText(/^Pick at least one permission/);
    expect(
      screen.getByRole('group', { name: 'Permissions to ask for' }),
    ).toHaveAccessibleDescription(hint.textContent!);
    await userEvent.click(screen.getByRole('button', { name: 'Continue to Sandbox' }));
    expect(startAuthorization).not.toHaveBeenCalled();
    expect(navigateAway).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent(/^Pick at least one permission/);
    await userEvent.click(screen.getByRole('checkbox', { name: /openid/ }));
    expect(screen.queryByText(/^Pick at least one permission/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Continue to Sandbox' }));
    expect(startAuthorization).toHaveBeenCalledWith('sandbox', {
      scopes: ['openid'],
      returnTo: '/',
    });
  });

  it('says when the token exchange goes through the proxy', () => {
    renderApp('/connect/cloudconvert', { describeServer: serverWithoutNotes });
    expect(
      screen.getByText(/Through the token proxy at https:\/\/proxy.example.test/),
    ).toBeInTheDocument();
  });

  it('names a token endpoint that refuses browsers before the person is sent away', async () => {
    const describeServer = vi.fn(async (provider: ResolvedProvider) => ({
      issuer: 'https://api.cloudconvert.com',
      issParameter: false,
      discovered: false,
      browserAccess: [
        {
          endpoint: 'token' as const,
          url: 'https://cloudconvert.com/oauth/token',
          access: 'blocked' as const,
          proxied: provider.useProxy,
        },
      ],
    }));
    renderApp('/connect/cloudconvert', { describeServer });
    expect(
      await screen.findByText(
        "CloudConvert's token endpoint does not allow browsers: this deployment routes it through the proxy.",
      ),
    ).toBeInTheDocument();
    expect(describeServer).toHaveBeenCalledWith(expect.objectContaining({ id: 'cloudconvert' }));
  });

  it('shows a start failure as an alert with its code', async () => {
    const startAuthorization = vi.fn(async () => {
      throw new KeyfobError(ErrorCode.UNREACHABLE, 'id.example.test could not be reached.');
    });
    renderApp('/connect/sandbox', {
      flow: { ...unusedFlow(), startAuthorization },
      describeServer: serverWithoutNotes,
    });
    await userEvent.click(screen.getByRole('button', { name: 'Continue to Sandbox' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'UNREACHABLE id.example.test could not be reached.',
    );
  });

  it('refuses an unknown provider clearly', () => {
    renderApp('/connect/nope');
    expect(screen.getByRole('alert')).toHaveTextContent('There is no provider called “nope”');
  });
});

describe('the configuration error list', () => {
  it('lists every problem of config.json at once', () => {
    let problems: string[] = [];
    try {
      validateConfig({
        proxyUrl: 'http://proxy.example.test',
        providers: {
          acme: { issuer: 'not a url', scopes: 'openid', clientID: 'x' },
          manual: { extraAuthorizationParams: { redirect_uri: 'https://evil.test' } },
        },
      });
    } catch (error) {
      problems = [...((error as KeyfobError).problems ?? [])];
    }
    expect(problems).toEqual([
      'proxyUrl must use https (http is allowed only for 127.0.0.1/localhost)',
      'providers.acme.clientID is not a known setting (did you mean clientId?)',
      'providers.acme.issuer is not a valid URL: "not a url"',
      'providers.acme.scopes must be a list of scope names without spaces',
      'providers.manual.extraAuthorizationParams.redirect_uri is set by Keyfob and cannot be overridden',
    ]);
    render(<ConfigErrors problems={problems} />);
    const alert = screen.getByRole('alert');
    expect(within(alert).getAllByRole('listitem')).toHaveLength(5);
    expect(alert).toHaveTextContent(
      'providers.acme.clientID is not a known setting (did you mean clientId?)',
    );
    // The header is still there, above the list.
    expect(screen.getByRole('banner')).toHaveTextContent('Keyfob');
  });
});
