/**
 * The sandbox's DPoP check for /api/me (RFC 9449 4.3 and 7): a proof is accepted only for the key
 * the token is bound to, this request and this token, and only fresh.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dpopProblem } from '../../../sandbox/api.mjs';
import { startSandbox } from '../../../sandbox/server.mjs';

const b64u = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const URL_ME = 'http://127.0.0.1:9010/api/me';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { crv, kty, x, y } = publicKey.export({ format: 'jwk' });
  const jkt = b64u(createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest());
  return { privateKey, jwk: { crv, kty, x, y }, jkt };
}

function proof(
  privateKey: KeyObject,
  jwk: object,
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
) {
  const h = b64u(JSON.stringify({ typ: 'dpop+jwt', alg: 'ES256', jwk, ...header }));
  const p = b64u(JSON.stringify(payload));
  const s = sign('sha256', Buffer.from(`${h}.${p}`), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${h}.${p}.${b64u(s)}`;
}

describe('the sandbox API checks DPoP proofs', () => {
  const token = 'access-token-1';
  const ath = b64u(createHash('sha256').update(token).digest());
  const request = { method: 'GET', url: URL_ME };
  const good = () => ({
    htm: 'GET',
    htu: URL_ME,
    ath,
    iat: Math.floor(Date.now() / 1000),
    jti: 'j1',
  });

  it('accepts a fresh proof of the bound key for this request and token', () => {
    const { privateKey, jwk, jkt } = keyPair();
    expect(dpopProblem(proof(privateKey, jwk, good()), request, token, jkt)).toBeUndefined();
  });

  it('refuses no proof, another key, another request, another token, a stale proof, a bad signature', () => {
    const { privateKey, jwk, jkt } = keyPair();
    const other = keyPair();
    expect(dpopProblem(undefined, request, token, jkt)).toMatch(/no DPoP proof/);
    expect(dpopProblem(proof(other.privateKey, other.jwk, good()), request, token, jkt)).toMatch(
      /another key/,
    );
    expect(
      dpopProblem(proof(privateKey, jwk, { ...good(), htm: 'POST' }), request, token, jkt),
    ).toMatch(/another request/);
    expect(
      dpopProblem(proof(privateKey, jwk, { ...good(), htu: `${URL_ME}x` }), request, token, jkt),
    ).toMatch(/another request/);
    expect(dpopProblem(proof(privateKey, jwk, good()), request, 'another-token', jkt)).toMatch(
      /ath/,
    );
    expect(dpopProblem(proof(privateKey, jwk, { ...good(), iat: 1 }), request, token, jkt)).toMatch(
      /stale/,
    );
    // Signed by another key than the one in the header.
    expect(dpopProblem(proof(other.privateKey, jwk, good()), request, token, jkt)).toMatch(
      /signature/,
    );
    expect(
      dpopProblem(proof(privateKey, jwk, good(), { typ: 'JWT' }), request, token, jkt),
    ).toMatch(/dpop\+jwt/);
  });

  it('advertises DPoP only with the setting on', async () => {
    const plain = await startSandbox({ port: 0 });
    const dpop = await startSandbox({ port: 0, dpop: true });
    try {
      const metadata = async (issuer: string) =>
        (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
          string,
          unknown
        >;
      expect((await metadata(plain.issuer)).dpop_signing_alg_values_supported).toBeUndefined();
      expect((await metadata(dpop.issuer)).dpop_signing_alg_values_supported).toContain('ES256');
    } finally {
      await plain.close();
      await dpop.close();
    }
  });
});
