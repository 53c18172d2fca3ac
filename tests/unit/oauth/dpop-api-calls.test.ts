import { describe, expect, it } from 'vitest';
import { API, PROXY, connect, decodeProof, sha256b64u, tokenProofs } from './dpop-harness';

describe('DPoP on API calls (RFC 9449 7)', () => {
  it('calls the API with the DPoP scheme and a proof carrying ath, and retries on a nonce challenge', async () => {
    const { provider, api } = await connect();
    const response = await api('conn-1', '/me');
    expect(await response.json()).toEqual({ ok: true });
    const calls = provider.apiRequests();
    expect(calls).toHaveLength(2);
    const proofs = await tokenProofs(calls);
    for (const [i, call] of calls.entries()) {
      expect(call.headers.get('authorization')).toBe('DPoP at-1');
      expect(proofs[i]!.signatureValid).toBe(true);
      expect(proofs[i]!.payload).toMatchObject({
        htm: 'GET',
        htu: `${API}/me`,
        ath: await sha256b64u('at-1'),
      });
    }
    expect(proofs[0]!.payload.nonce).toBeUndefined();
    expect(proofs[1]!.payload.nonce).toBe('rs-nonce-1');
    // Remembered per server: the next call sends the API's nonce at once.
    await api('conn-1', '/me', { method: 'POST', body: '{}' });
    const [third] = await tokenProofs(provider.apiRequests().slice(2));
    expect(provider.apiRequests()).toHaveLength(3);
    expect(third!.payload).toMatchObject({ htm: 'POST', nonce: 'rs-nonce-1' });
  });

  it('the identity check at connect time presents the bound token with a proof too', async () => {
    const { provider } = await connect(undefined, undefined, false, '/me');
    const probes = provider.apiRequests();
    expect(probes.length).toBeGreaterThanOrEqual(1);
    for (const probe of probes) {
      expect(probe.headers.get('authorization')).toBe('DPoP at-1');
      const proof = await decodeProof(probe.headers.get('dpop'));
      expect(proof.payload).toMatchObject({
        htm: 'GET',
        htu: `${API}/me`,
        ath: await sha256b64u('at-1'),
      });
    }
  });

  it('through the API relay, the proof still names the provider\u2019s own URL', async () => {
    const { provider, api } = await connect(undefined, undefined, true);
    expect(await (await api('conn-1', '/me')).json()).toEqual({ relayed: true });
    const [call] = provider.requests.filter((r) => r.url.startsWith(PROXY));
    expect(call!.headers.get('authorization')).toBe('DPoP at-1');
    const proof = await decodeProof(call!.headers.get('dpop'));
    expect(proof.payload).toMatchObject({ htm: 'GET', htu: `${API}/me` });
  });
});
