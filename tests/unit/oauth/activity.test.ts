import { describe, expect, it } from 'vitest';
import {
  activityText,
  createActivityRecorder,
  credentialSecrets,
  errorInput,
  redactEntry,
} from '../../../src/oauth/activity';
import { authorizationRequestEntry, callbackEntry } from '../../../src/oauth/activity-entries';
import { ErrorCode, KeyfobError } from '../../../src/oauth/errors';
import { createActivityLog } from '../../../src/vault/activity-log';
import { createCipher } from '../../../src/vault/cipher';
import { createMemoryStore } from '../../../src/vault/store';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** Every kind of secret an entry could meet, at realistic lengths. */
const SECRETS = {
  accessToken: 'opaque-access-token-0123456789abcdef',
  refreshToken: 'refresh-token-fedcba9876543210',
  idToken: `${b64({ alg: 'RS256' })}.${b64({ sub: 'u1', nonce: 'n' })}.c2lnbmF0dXJl`,
  code: 'authorization-code-4242424242',
  verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  clientSecret: 'client-secret-never-in-browser',
  apiKey: 'cc-api-key-abcdefghijkl',
  token: 'wc-token-123456789',
  secret: 'wc-secret-987654321',
  dpopProof: `${b64({ typ: 'dpop+jwt', alg: 'ES256' })}.${b64({ htm: 'GET' })}.cHJvb2Y`,
  state: 'state-value-abcdefgh',
  nonce: 'nonce-value-abcdefgh',
};
const ALL = Object.values(SECRETS);

function leaks(value: unknown): string[] {
  const text = JSON.stringify(value);
  return ALL.filter((secret) => text.includes(secret));
}

describe('redactEntry', () => {
  it('shows values under secret names only by their length', () => {
    const entry = redactEntry(
      {
        kind: 'callback',
        summary: 'Back',
        details: {
          code: SECRETS.code,
          state: SECRETS.state,
          nonce: SECRETS.nonce,
          code_verifier: SECRETS.verifier,
          access_token: SECRETS.accessToken,
          refresh_token: SECRETS.refreshToken,
          id_token: SECRETS.idToken,
          client_secret: SECRETS.clientSecret,
          apiKey: SECRETS.apiKey,
          secret: SECRETS.secret,
          DPoP: SECRETS.dpopProof,
          iss: 'https://id.example.test',
        },
      },
      0,
    );
    expect(leaks(entry)).toEqual([]);
    expect(entry.details).toContainEqual(['code', `[redacted, ${SECRETS.code.length} chars]`]);
    expect(entry.details).toContainEqual(['iss', 'https://id.example.test']);
  });

  it('cuts known secrets, JWTs, Authorization values and secret parameters out of any text', () => {
    const text = [
      `token ${SECRETS.accessToken} and ${SECRETS.refreshToken}`,
      `key ${SECRETS.apiKey}, ${SECRETS.token}:${SECRETS.secret}`,
      `an unknown JWT ${SECRETS.idToken}`,
      `Authorization: Bearer some-unknown-bearer-value`,
      `https://api.test/x?code=${SECRETS.code}&access_token=zzzzzzzzzz&page=2`,
    ].join('\n');
    const entry = redactEntry(
      {
        kind: 'api-call',
        summary: text,
        details: { message: text },
        secrets: [
          SECRETS.accessToken,
          SECRETS.refreshToken,
          ...credentialSecrets({ kind: 'api-key', apiKey: SECRETS.apiKey }),
          ...credentialSecrets({
            kind: 'token-secret',
            token: SECRETS.token,
            secret: SECRETS.secret,
          }),
        ],
      },
      0,
    );
    expect(leaks(entry)).toEqual([]);
    expect(entry.summary).not.toContain('some-unknown-bearer-value');
    expect(entry.summary).not.toContain('zzzzzzzzzz');
    expect(entry.summary).toContain('Bearer [redacted]');
    expect(entry.summary).toContain('page=2');
  });

  it('cuts secret values out of JSON nobody named as a secret, not a URL path named token', () => {
    const text =
      'upstream said {"refresh_token":"unknown-refresh-value","expires_in":3600} after POST https://id.test/token: HTTP 400';
    const entry = redactEntry({ kind: 'error', summary: text, details: { message: text } }, 0);
    expect(entry.summary).not.toContain('unknown-refresh-value');
    expect(entry.summary).toContain('"expires_in":3600');
    expect(entry.summary).toContain('/token: HTTP 400');
    expect(JSON.stringify(entry.details)).not.toContain('unknown-refresh-value');
  });

  it('keeps an error code and its message, minus the token the message quoted', () => {
    const error = new KeyfobError(
      ErrorCode.PROVIDER_ERROR,
      `The API said: invalid token ${SECRETS.accessToken} (id_token=${SECRETS.idToken})`,
      { status: 401 },
    );
    const entry = redactEntry(errorInput('API call', error, [SECRETS.accessToken]), 0);
    expect(entry).toMatchObject({ kind: 'error', code: 'PROVIDER_ERROR' });
    expect(entry.details).toContainEqual(['status', 401]);
    expect(leaks(entry)).toEqual([]);
    expect(leaks(activityText([entry]))).toEqual([]);
  });

  it('shows the authorization request with its PKCE challenge, never the verifier', () => {
    const url = new URL('https://id.example.test/authorize');
    url.searchParams.set('client_id', 'spa');
    url.searchParams.set('state', SECRETS.state);
    url.searchParams.set('nonce', SECRETS.nonce);
    url.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    url.searchParams.set('code_challenge_method', 'S256');
    const entry = redactEntry(authorizationRequestEntry(url, [SECRETS.verifier]), 0);
    expect(entry.details).toContainEqual(['client_id', 'spa']);
    expect(entry.details).toContainEqual(['code_challenge_method', 'S256']);
    expect(entry.details).toContainEqual([
      'code_challenge',
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    ]);
    const back = new URLSearchParams({ code: SECRETS.code, state: SECRETS.state });
    const callback = redactEntry(callbackEntry(back, 'https://app/callback/x', []), 0);
    expect(callback.details).toContainEqual(['code', `[redacted, ${SECRETS.code.length} chars]`]);
    expect(leaks([entry, callback])).toEqual([]);
  });
});

async function cipher() {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  return createCipher(key);
}

describe('the activity log', () => {
  it('keeps the last 200 entries, newest first, sealed', async () => {
    const store = createMemoryStore();
    await store.set('conn:c1', { v: 2 });
    const log = createActivityLog(store, await cipher(), async (id) =>
      store.data.has(`conn:${id}`),
    );
    const recorder = createActivityRecorder(log, () => 1000);
    for (let i = 0; i < 250; i += 1) {
      await recorder.record('c1', {
        kind: 'api-call',
        summary: `call ${i} with ${SECRETS.accessToken}`,
        secrets: [SECRETS.accessToken],
      });
    }
    const entries = await log.list('c1');
    expect(entries).toHaveLength(200);
    expect(entries[0]!.summary).toContain('call 249');
    expect(entries[199]!.summary).toContain('call 50');
    const raw = store.data.get('activity:c1');
    expect(JSON.stringify(raw)).not.toContain('call 249');
    expect(leaks(entries)).toEqual([]);
  });

  it('keeps nothing for a connection that is gone, and forgets a removed one', async () => {
    const store = createMemoryStore();
    const log = createActivityLog(store, await cipher(), async (id) =>
      store.data.has(`conn:${id}`),
    );
    const recorder = createActivityRecorder(log);
    await recorder.record('gone', { kind: 'refresh', summary: 'late' });
    expect(store.data.has('activity:gone')).toBe(false);
    await store.set('conn:c1', { v: 2 });
    await recorder.record('c1', { kind: 'refresh', summary: 'ok' });
    expect(await log.list('c1')).toHaveLength(1);
    await recorder.forget('c1');
    expect(store.data.has('activity:c1')).toBe(false);
  });

  it('fails with LOCKED while the vault is locked, and recording never throws', async () => {
    const store = createMemoryStore();
    await store.set('conn:c1', { v: 2 });
    const open = await cipher();
    const log = createActivityLog(store, open, async () => true);
    await log.append('c1', [redactEntry({ kind: 'refresh', summary: 'before' }, 0)]);
    const locked = () => Promise.reject(new KeyfobError(ErrorCode.LOCKED, 'locked'));
    const lockedLog = createActivityLog(store, { seal: locked, open: locked }, async () => true);
    await expect(lockedLog.list('c1')).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(
      createActivityRecorder(lockedLog).record('c1', { kind: 'refresh', summary: 'while locked' }),
    ).resolves.toBeUndefined();
    expect((await log.list('c1')).map((e) => e.summary)).toEqual(['before']);
  });
});
