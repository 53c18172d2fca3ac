import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CANCEL_AFTER_MS } from '../../src/features/connect/callback-progress';
import { ErrorCode, KeyfobError } from '../../src/oauth/errors';
import type { AuthorizationFlow, CompleteOptions } from '../../src/oauth/flow';
import { memoryConnections, renderApp, sandboxConnection, unusedFlow } from './render-app';
import { serverWithoutNotes } from './service-stubs';

const completing = (complete: AuthorizationFlow['completeAuthorization']) => ({
  flow: { ...unusedFlow(), completeAuthorization: vi.fn(complete) },
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the callback route', () => {
  it('completes in its loader and replaces itself with the connection: no page shows the code', async () => {
    const connection = sandboxConnection();
    const overrides = completing(async () => ({ connection, returnTo: '/' }));
    const { router } = renderApp('/callback/sandbox?code=the-code&state=s', {
      ...overrides,
      connections: memoryConnections([connection]),
    });
    const shown: string[] = [];
    router.subscribe((state) => {
      if (state.initialized) shown.push(state.location.pathname + state.location.search);
    });
    expect(screen.getByText('Completing sign-in with Sandbox…')).toHaveAttribute('role', 'status');
    expect(await screen.findByText('Connected as demo user')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/connections/c1');
    expect(router.state.historyAction).toBe('REPLACE');
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((url) => /code=|state=/.test(url))).toEqual([]);
    expect(overrides.flow.completeAuthorization).toHaveBeenCalledTimes(1);
    expect(overrides.flow.completeAuthorization).toHaveBeenCalledWith(
      'http://localhost/callback/sandbox?code=the-code&state=s',
      { signal: expect.any(AbortSignal) },
    );
  });

  it('uses the URL start-up copied before it scrubbed the address bar', async () => {
    const overrides = completing(async () => {
      throw new KeyfobError(ErrorCode.UNKNOWN_STATE, 'This sign-in response is unknown.');
    });
    renderApp('/callback/sandbox', {
      ...overrides,
      callbackUrl: 'http://localhost/callback/sandbox?code=c&state=s',
    });
    expect(await screen.findByText(/is unknown/)).toBeInTheDocument();
    expect(overrides.flow.completeAuthorization).toHaveBeenCalledWith(
      'http://localhost/callback/sandbox?code=c&state=s',
      expect.anything(),
    );
  });

  it('shows a failure with its code, Try again and Back to connections, titled', async () => {
    const { router } = renderApp('/callback/sandbox?code=x&state=y', {
      // Try again leads to the connect page, which asks what the server allows.
      describeServer: serverWithoutNotes,
      ...completing(async () => {
        throw new KeyfobError(
          ErrorCode.ACCESS_DENIED,
          'You declined to connect Sandbox, so nothing was stored.',
          { oauthError: 'access_denied', providerId: 'sandbox' },
        );
      }),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'access_denied You declined to connect Sandbox, so nothing was stored.',
    );
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      'The connection did not complete',
    );
    await waitFor(() => expect(document.title).toBe('Connection failed · Keyfob'));
    expect(screen.getByRole('link', { name: 'Back to connections' })).toHaveAttribute('href', '/');
    expect(screen.queryByRole('link', { name: 'Open the connection' })).not.toBeInTheDocument();
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(router.state.location.pathname).toBe('/connect/sandbox');
  });

  it('a replayed callback links to the connection it already made', async () => {
    const { router } = renderApp('/callback/sandbox?code=x&state=y', {
      // Try again and Cancel lead to the connect page, which asks what the server allows.
      describeServer: serverWithoutNotes,
      ...completing(async () => {
        throw new KeyfobError(
          ErrorCode.TRANSACTION_USED,
          'This sign-in response was already used.',
          {
            providerId: 'sandbox',
            connectionId: 'c1',
          },
        );
      }),
      connections: memoryConnections([sandboxConnection()]),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('TRANSACTION_USED');
    const link = screen.getByRole('link', { name: 'Open the connection' });
    expect(link).toHaveAttribute('href', '/connections/c1');
    await userEvent.click(link);
    expect(await screen.findByText('Connected as demo user')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/connections/c1');
  });

  it('offers Cancel after a few seconds; Cancel aborts the exchange and says so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let signal: AbortSignal | undefined;
    const connections = memoryConnections();
    const { router } = renderApp('/callback/sandbox?code=x&state=y', {
      // Try again and Cancel lead to the connect page, which asks what the server allows.
      describeServer: serverWithoutNotes,
      ...completing((_url, options?: CompleteOptions) => {
        signal = options?.signal;
        return new Promise(() => undefined);
      }),
      connections,
    });
    expect(screen.getByText('Completing sign-in with Sandbox…')).toBeInTheDocument();
    act(() => void vi.advanceTimersByTime(CANCEL_AFTER_MS - 1));
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    act(() => void vi.advanceTimersByTime(1));
    expect(signal?.aborted).toBe(false);
    // Testing Library's async helpers wait on a real timer.
    vi.useRealTimers();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/connect/sandbox'));
    expect(signal?.aborted).toBe(true);
    // On the page (the live region announces the same sentence).
    expect(
      within(screen.getByRole('main')).getByText(
        'Sign-in cancelled: Keyfob stopped waiting for Sandbox and stored nothing.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Continue to Sandbox' })).toBeEnabled();
    expect(connections.data.size).toBe(0);
  });
});
