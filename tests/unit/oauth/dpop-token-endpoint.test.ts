import { describe, expect, it } from 'vitest';
import { jwkThumbprint } from '../../../src/oauth/dpop';
import { ISSUER, connect, sha256b64u, tokenProofs } from './dpop-harness';

describe('DPoP at the token endpoint (RFC 9449 5)', () => {
  it('proves the code exchange, retries once with the nonce, and keeps a non-extractable key', async () => {
    const { provider, connection, keyStore } = await connect();
    const exchanges = provider.tokenRequests();
    expect(exchanges).toHaveLength(2);
    const [first, second] = await tokenProofs(exchanges);
    for (const proof of [first!, second!]) {
      expect(proof.signatureValid).toBe(true);
      expect(proof.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
      expect(proof.header.jwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
      expect(proof.header.jwk).not.toHaveProperty('d');
      expect(proof.payload).toMatchObject({ htm: 'POST', htu: `${ISSUER}/token` });
      expect(proof.payload.ath).toBeUndefined();
      expect(typeof proof.payload.jti).toBe('string');
      expect(typeof proof.payload.iat).toBe('number');
    }
    expect(first!.payload.nonce).toBeUndefined();
    expect(second!.payload.nonce).toBe('as-nonce-1');
    expect(connection.credential).toMatchObject({ tokenType: 'dpop', accessToken: 'at-1' });
    const pair = keyStore.data.get('conn-1') as CryptoKeyPair;
    expect(pair.privateKey.extractable).toBe(false);
    expect(pair.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    // The thumbprint shown on the connection page is that of the key in the proofs.
    expect(connection.dpop?.jkt).toBe(await jwkThumbprint(pair.publicKey));
    const jwk = first!.header.jwk!;
    const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
    expect(connection.dpop?.jkt).toBe(await sha256b64u(canonical));
  });

  it('refreshes with a proof of the same key and the token server\u2019s remembered nonce', async () => {
    const { provider, setup, refresher, connection } = await connect();
    setup.clock.now += 200_000;
    const refreshed = await refresher.ensureFresh('conn-1');
    expect(refreshed.credential).toMatchObject({ accessToken: 'at-2', tokenType: 'dpop' });
    const refreshes = provider.tokenRequests().slice(2);
    expect(refreshes).toHaveLength(1);
    expect(new URLSearchParams(refreshes[0]!.body).get('grant_type')).toBe('refresh_token');
    const [proof] = await tokenProofs(refreshes);
    expect(proof!.payload).toMatchObject({
      htm: 'POST',
      htu: `${ISSUER}/token`,
      nonce: 'as-nonce-1',
    });
    expect(proof!.payload.ath).toBeUndefined();
    const jwk = proof!.header.jwk!;
    const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
    expect(await sha256b64u(canonical)).toBe(connection.dpop?.jkt);
  });

  it('a refresh refused for a new nonce is retried once with it', async () => {
    const { provider, setup, refresher } = await connect();
    provider.server.tokenNonce = 'as-nonce-2';
    setup.clock.now += 200_000;
    await refresher.ensureFresh('conn-1');
    const proofs = await tokenProofs(provider.tokenRequests().slice(2));
    expect(proofs.map((p) => p.payload.nonce)).toEqual(['as-nonce-1', 'as-nonce-2']);
  });

  it('disconnect deletes the key pair', async () => {
    const { keyStore, disconnector } = await connect();
    expect(keyStore.data.has('conn-1')).toBe(true);
    await disconnector.disconnect('conn-1');
    expect(keyStore.data.has('conn-1')).toBe(false);
  });
});
