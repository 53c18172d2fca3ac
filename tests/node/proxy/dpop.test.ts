import { describe, expect, it } from 'vitest';
import { codeGrant, errorOf, form, ORIGIN, post, setup } from './helpers';

/** A DPoP proof's shape (RFC 9449 4.2); the proxy never looks inside, it only forwards it. */
const PROOF = 'eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2In0.eyJodG0iOiJQT1NUIn0.c2lnbmF0dXJl';

describe('DPoP passes through the proxy (RFC 9449)', () => {
  it('forwards the DPoP proof on a code exchange and hands the DPoP-Nonce back, exposed', async () => {
    const { proxy, upstream } = setup({
      answer: () =>
        Response.json(
          { access_token: 'at', token_type: 'DPoP', expires_in: 60 },
          { headers: { 'dpop-nonce': 'nonce-1' } },
        ),
    });
    const response = await proxy(post('/token/cloudconvert', form(codeGrant), { dpop: PROOF }));
    expect(response.status).toBe(200);
    expect(upstream.calls[0]?.headers.dpop).toBe(PROOF);
    expect(response.headers.get('dpop-nonce')).toBe('nonce-1');
    expect(response.headers.get('access-control-expose-headers')).toContain('dpop-nonce');
  });

  it('forwards the proof on a refresh, and passes a use_dpop_nonce challenge with its nonce', async () => {
    const { proxy, upstream } = setup({
      answer: () =>
        Response.json(
          { error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce' },
          { status: 400, headers: { 'dpop-nonce': 'nonce-2' } },
        ),
    });
    const response = await proxy(
      post('/token/videoask', form({ grant_type: 'refresh_token', refresh_token: 'rt' }), {
        dpop: PROOF,
      }),
    );
    expect(upstream.calls[0]?.headers.dpop).toBe(PROOF);
    expect(response.status).toBe(400);
    expect(response.headers.get('dpop-nonce')).toBe('nonce-2');
    expect(await response.json()).toEqual({
      error: 'use_dpop_nonce',
      error_description: 'Authorization server requires nonce',
    });
  });

  it('sends no DPoP header upstream when the browser sent none', async () => {
    const { proxy, upstream } = setup();
    await proxy(post('/token/cloudconvert', form(codeGrant)));
    expect(upstream.calls[0]?.headers).not.toHaveProperty('dpop');
  });

  it('allows the DPoP header in preflights of the token and relay routes', async () => {
    const { proxy } = setup();
    for (const path of ['/token/cloudconvert', '/api/videoask/forms']) {
      const response = await proxy(
        new Request(`https://proxy.example${path}`, {
          method: 'OPTIONS',
          headers: {
            origin: ORIGIN,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'dpop',
          },
        }),
      );
      expect(response.headers.get('access-control-allow-headers')?.split(', ')).toContain('dpop');
    }
  });

  it('relays the DPoP authorization scheme with its proof, and the challenge back', async () => {
    const { proxy, upstream } = setup({
      answer: () =>
        new Response(null, {
          status: 401,
          headers: {
            'www-authenticate': 'DPoP error="use_dpop_nonce", algs="ES256"',
            'dpop-nonce': 'rs-nonce',
          },
        }),
    });
    const response = await proxy(
      new Request('https://proxy.example/api/videoask/forms', {
        headers: { origin: ORIGIN, authorization: 'DPoP at-123', dpop: PROOF },
      }),
    );
    expect(upstream.calls[0]?.headers).toMatchObject({ authorization: 'DPoP at-123', dpop: PROOF });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'DPoP error="use_dpop_nonce", algs="ES256"',
    );
    expect(response.headers.get('dpop-nonce')).toBe('rs-nonce');
    expect(response.headers.get('access-control-expose-headers')).toContain('www-authenticate');
  });

  it('refuses a DPoP header that is not one compact JWT, without calling upstream', async () => {
    for (const dpop of [`${PROOF}, ${PROOF}`, 'not-a-jwt', `${'a'.repeat(9000)}.b.c`]) {
      const { proxy, upstream } = setup();
      const response = await proxy(post('/token/cloudconvert', form(codeGrant), { dpop }));
      expect(response.status).toBe(400);
      expect((await errorOf(response)).error).toBe('invalid_dpop_proof');
      expect(upstream.calls).toHaveLength(0);
    }
  });
});
