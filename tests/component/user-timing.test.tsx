import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryConnections, renderApp, sandboxConnection } from './render-app';

// `npm run bench:connect` reads when the page says "Connected" from this User Timing mark.
const CONNECTED_MARK = 'keyfob:connected';
const marks = () => performance.getEntriesByName(CONNECTED_MARK, 'mark');

describe('the keyfob:connected mark', () => {
  beforeEach(() => performance.clearMarks(CONNECTED_MARK));

  it('is set once when the connection page shows "Connected"', async () => {
    const before = performance.now();
    renderApp('/connections/c1', { connections: memoryConnections([sandboxConnection()]) });
    await screen.findByText('Connected');
    expect(marks()).toHaveLength(1);
    expect(marks()[0]!.startTime).toBeGreaterThanOrEqual(before);
  });

  it('is not set for a connection that needs a reconnect', async () => {
    const connection = sandboxConnection({
      status: 'needs-reconnect',
      statusReason: 'the refresh token was revoked',
    });
    renderApp('/connections/c1', { connections: memoryConnections([connection]) });
    await screen.findByText(/Needs reconnect/);
    expect(marks()).toHaveLength(0);
  });
});
