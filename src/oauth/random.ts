import * as oauth from 'oauth4webapi';

/** All randomness the protocol uses, behind one seam so tests can make it deterministic. */
export interface Randomness {
  state(): string;
  nonce(): string;
  codeVerifier(): string;
  id(): string;
}

export const webCryptoRandomness: Randomness = {
  state: () => oauth.generateRandomState(),
  nonce: () => oauth.generateRandomNonce(),
  codeVerifier: () => oauth.generateRandomCodeVerifier(),
  id: () => crypto.randomUUID(),
};
