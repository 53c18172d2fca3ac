import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/oauth/errors';
import { createBrowserPasskeys, passkeyError, passkeySupport } from '../../../src/vault/passkey';

const capabilities = (prf: boolean) => ({
  getClientCapabilities: async () => ({ 'extension:prf': prf }),
});

/** navigator.credentials as a recorder: every options object it was given, a fixed PRF answer. */
function fakeCredentials(prfAtCreate: boolean) {
  const seen: { create: CredentialCreationOptions[]; get: CredentialRequestOptions[] } = {
    create: [],
    get: [],
  };
  const credential = (first?: Uint8Array) =>
    ({
      rawId: new Uint8Array([9, 9]).buffer,
      getClientExtensionResults: () => ({ prf: { enabled: true, results: first && { first } } }),
    }) as unknown as PublicKeyCredential;
  const credentials = {
    create: async (options: CredentialCreationOptions) => {
      seen.create.push(options);
      return credential(prfAtCreate ? new Uint8Array(32).fill(1) : undefined);
    },
    get: async (options: CredentialRequestOptions) => {
      seen.get.push(options);
      return credential(new Uint8Array(32).fill(2));
    },
  } as unknown as CredentialsContainer;
  return { credentials, seen };
}

describe('passkey support', () => {
  it('is offered with WebAuthn and PRF, and refused with a plain reason otherwise', async () => {
    const { credentials } = fakeCredentials(true);
    const base = { credentials, hostname: 'keyfob.example.com' };
    expect(await passkeySupport({ ...base, publicKeyCredential: capabilities(true) })).toEqual({
      supported: true,
    });
    // No capability list to ask: the ceremony will tell.
    expect(await passkeySupport({ ...base, publicKeyCredential: {} })).toEqual({ supported: true });
    expect(await passkeySupport({ ...base, publicKeyCredential: capabilities(false) })).toEqual({
      supported: false,
      reason: expect.stringContaining('PRF extension'),
    });
    expect(await passkeySupport({ hostname: 'keyfob.example.com' })).toEqual({
      supported: false,
      reason: expect.stringContaining('does not offer passkeys'),
    });
    expect(
      await passkeySupport({
        ...base,
        hostname: '127.0.0.1',
        publicKeyCredential: capabilities(true),
      }),
    ).toEqual({ supported: false, reason: expect.stringContaining('IP address 127.0.0.1') });
  });
});

describe('the browser authenticator', () => {
  it('creates a user-verified credential for the page host, asking for the PRF over the salt', async () => {
    const { credentials, seen } = fakeCredentials(true);
    const passkeys = createBrowserPasskeys({ credentials, hostname: 'localhost' });
    const salt = new Uint8Array(32).fill(5);
    const made = await passkeys.create(salt);
    expect(new Uint8Array(made.credentialId)).toEqual(new Uint8Array([9, 9]));
    expect(new Uint8Array(made.prfOutput!)).toEqual(new Uint8Array(32).fill(1));
    const publicKey = seen.create[0]!.publicKey!;
    expect(publicKey.rp).toEqual({ id: 'localhost', name: 'Keyfob' });
    expect(publicKey.authenticatorSelection?.userVerification).toBe('required');
    expect(publicKey.extensions).toEqual({ prf: { eval: { first: salt } } });
    expect(publicKey.challenge.byteLength).toBe(32);

    const output = await passkeys.evaluate(made.credentialId, salt);
    expect(new Uint8Array(output!)).toEqual(new Uint8Array(32).fill(2));
    const request = seen.get[0]!.publicKey!;
    expect(request).toMatchObject({
      rpId: 'localhost',
      userVerification: 'required',
      allowCredentials: [{ type: 'public-key', id: made.credentialId }],
      extensions: { prf: { eval: { first: salt } } },
    });
  });

  it('reports no PRF output when the authenticator gives none', async () => {
    const { credentials } = fakeCredentials(false);
    const made = await createBrowserPasskeys({ credentials, hostname: 'localhost' }).create(
      new Uint8Array(32),
    );
    expect(made.prfOutput).toBeUndefined();
  });

  it('names a cancelled ceremony for what it is', () => {
    const error = passkeyError(new DOMException('x', 'NotAllowedError'), 'Keyfob stays locked.');
    expect(error.code).toBe(ErrorCode.PASSKEY_FAILED);
    expect(error.message).toBe(
      'The passkey was not used: the request was cancelled, timed out or no passkey was chosen. Keyfob stays locked.',
    );
  });
});
