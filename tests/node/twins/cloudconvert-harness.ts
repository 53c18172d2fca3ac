/** The CloudConvert twin for one test file, and the OAuth steps its tests repeat. */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import {
  CLOUDCONVERT_CLIENT_ID,
  CLOUDCONVERT_CLIENT_SECRET,
  startCloudConvertTwin,
  type CloudConvertTwin,
} from '../../../sandbox/twins/cloudconvert.mjs';
import { APP_ORIGIN, redirectUriOf, consent, form, pkcePair } from './helpers';

/** The app's redirect URI the twin registers for CloudConvert. */
export const REDIRECT_URI = redirectUriOf('cloudconvert');

/** A web page converted to PDF: the job the app's ready request sends. */
export const JOB = {
  tag: 'keyfob-test',
  tasks: {
    'import-it': { operation: 'import/url', url: 'https://example.test/files/report.docx' },
    'convert-it': { operation: 'convert', input: 'import-it', output_format: 'pdf' },
    'export-it': { operation: 'export/url', input: ['convert-it'] },
  },
};

/**
 * Starts one CloudConvert twin for the test file (reset before each test, on a clock the tests
 * move), with the OAuth steps the tests repeat: authorize, exchange, tokens.
 */
export function withCloudConvertTwin() {
  let twin: CloudConvertTwin | undefined;
  let clock = Date.UTC(2026, 0, 10, 12, 0, 0);
  const started = () => {
    if (!twin) throw new Error('the CloudConvert twin has not started');
    return twin;
  };

  beforeAll(async () => {
    twin = await startCloudConvertTwin({ port: 0, appOrigins: [APP_ORIGIN], now: () => clock });
  });
  afterAll(() => started().close());
  beforeEach(() => started().reset());

  async function authorize(scope = 'user.read task.read task.write') {
    const { verifier, challenge } = pkcePair();
    const back = await consent(started().url, '/oauth/authorize', {
      client_id: CLOUDCONVERT_CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope,
      state: 'cc-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(back.searchParams.get('state')).toBe('cc-state');
    expect(back.searchParams.has('iss')).toBe(false);
    return { code: back.searchParams.get('code') ?? '', verifier };
  }

  function tokenRequest(params: Record<string, string>) {
    return fetch(`${started().url}/oauth/token`, form(params));
  }

  function exchange(code: string, verifier: string, extra: Record<string, string> = {}) {
    return tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: CLOUDCONVERT_CLIENT_ID,
      client_secret: CLOUDCONVERT_CLIENT_SECRET,
      code_verifier: verifier,
      ...extra,
    });
  }

  async function tokens(scope?: string) {
    const { code, verifier } = await authorize(scope);
    const res = await exchange(code, verifier);
    expect(res.status).toBe(200);
    return (await res.json()) as {
      access_token: string;
      refresh_token: string;
      expires_in: number;
      token_type: string;
    };
  }

  return {
    get twin() {
      return started();
    },
    advance(ms: number) {
      clock += ms;
    },
    authorize,
    tokenRequest,
    exchange,
    tokens,
  };
}
