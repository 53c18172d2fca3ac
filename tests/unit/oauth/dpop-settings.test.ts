import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate';
import { ISSUER, connect } from './dpop-harness';

describe('DPoP: when it is used', () => {
  it('"dpop": false opts out even when the server advertises DPoP: Bearer, no proof', async () => {
    const { provider, connection, keyStore, api } = await connect(false);
    expect(provider.tokenRequests()).toHaveLength(1);
    expect(provider.tokenRequests()[0]!.headers.get('dpop')).toBeNull();
    expect(connection.dpop).toBeUndefined();
    expect(connection.credential).toMatchObject({ tokenType: 'bearer' });
    expect(keyStore.data.size).toBe(0);
    await api('conn-1', '/me');
    expect(provider.apiRequests()[0]!.headers.get('authorization')).toBe('Bearer at-1');
    expect(provider.apiRequests()[0]!.headers.get('dpop')).toBeNull();
  });

  it('no metadata, no setting: Bearer; "dpop": true turns it on without metadata', async () => {
    const plain = await connect(undefined, false);
    expect(plain.provider.tokenRequests()[0]!.headers.get('dpop')).toBeNull();
    expect(plain.connection.dpop).toBeUndefined();
    const forced = await connect(true, false);
    expect(forced.provider.tokenRequests()[0]!.headers.get('dpop')).toBeTruthy();
    expect(forced.connection.dpop?.jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('config validation accepts a boolean "dpop" and refuses anything else', () => {
    const base = { issuer: ISSUER, clientId: 'spa' };
    expect(() => validateConfig({ providers: { acme: { ...base, dpop: true } } })).not.toThrow();
    expect(() => validateConfig({ providers: { acme: { ...base, dpop: 'yes' } } })).toThrow(/dpop/);
  });
});
