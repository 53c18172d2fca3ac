import { describe, expect, it } from 'vitest';
import { envKeyFor, loadConfig, ProxyConfigError } from '../../../proxy/index';
import { testEnv } from './helpers';

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ProxyConfigError) return error.problems;
    throw error;
  }
  throw new Error('loadConfig accepted the configuration');
}

describe('loadConfig', () => {
  it('resolves catalog defaults and environment overrides', () => {
    const config = loadConfig(
      testEnv({ KEYFOB_PROXY_RATE_LIMIT: '10,0.5', KEYFOB_PROXY_TIMEOUT_MS: '2500' }),
    );
    expect(config.allowedOrigins).toEqual(['https://app.example', 'http://127.0.0.1:5173']);
    expect(config.rateLimit).toEqual({ burst: 10, refillPerSecond: 0.5 });
    expect(config.timeoutMs).toBe(2500);
    expect(config.providers.cloudconvert).toMatchObject({
      clientId: 'cc-id',
      tokenUrl: 'https://cloudconvert.com/oauth/token',
      apiRelay: false,
      tokenRequestEncoding: 'form',
      clientAuthentication: 'client_secret_post',
    });
    expect(config.providers.cloudconvert?.revokeUrl).toBeUndefined();
    expect(config.providers.convert?.tokenRequestEncoding).toBe('json');
    expect(config.providers.videoask).toMatchObject({
      revokeUrl: 'https://auth.videoask.com/oauth/revoke',
      apiRelay: true,
      relayHeaders: ['organization-id'],
    });
    expect(config.providers['sandbox-confidential']).toMatchObject({
      tokenUrl: 'http://127.0.0.1:9999/oauth/token',
      apiBaseUrl: 'http://127.0.0.1:9999/api/v1',
      clientAuthentication: 'client_secret_basic',
    });
  });

  it('defaults the rate limit and the 10 s timeout, and "off" disables the limit', () => {
    const config = loadConfig(testEnv({ KEYFOB_PROXY_RATE_LIMIT: undefined }));
    expect(config.rateLimit).toEqual({ burst: 60, refillPerSecond: 1 });
    expect(config.timeoutMs).toBe(10_000);
    expect(loadConfig(testEnv()).rateLimit).toBeNull();
  });

  it('maps provider ids to environment keys', () => {
    expect(envKeyFor('sandbox-confidential')).toBe('SANDBOX_CONFIDENTIAL');
    expect(envKeyFor('my.idp_2')).toBe('MY_IDP_2');
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      KEYFOB_PROXY_ORIGINS: 'https://ok.example, https://app.example/, http://lan.example, *',
      KEYFOB_PROXY_PROVIDERS: 'cloudconvert,custom,bad id,a-b,a_b',
      KEYFOB_CLOUDCONVERT_CLIENT_ID: 'x',
      KEYFOB_CLOUDCONVERT_TOKEN_URL: 'http://cloudconvert.com/oauth/token',
      KEYFOB_CLOUDCONVERT_API_URL: 'https://user:pw@api.example/v2?x=1',
      KEYFOB_CLOUDCONVERT_API_RELAY: 'yes',
      KEYFOB_CLOUDCONVERT_TOKEN_ENCODING: 'xml',
      KEYFOB_CUSTOM_CLIENT_ID: 'c',
      KEYFOB_CUSTOM_CLIENT_SECRET: 'c',
      KEYFOB_A_B_CLIENT_ID: 'ab',
      KEYFOB_A_B_CLIENT_SECRET: 'ab',
      KEYFOB_A_B_TOKEN_URL: 'http://localhost:1/token',
      KEYFOB_PROXY_RATE_LIMIT: 'lots',
      KEYFOB_PROXY_TIMEOUT_MS: '10s',
    });
    expect(problems).toEqual([
      'KEYFOB_PROXY_ORIGINS: an entry is not a bare origin (scheme://host[:port], no path or trailing slash)',
      'KEYFOB_PROXY_ORIGINS: an entry must use https (http only for 127.0.0.1/localhost)',
      'KEYFOB_PROXY_ORIGINS: an entry is not a URL',
      'KEYFOB_CLOUDCONVERT_CLIENT_SECRET is required for provider "cloudconvert" (or KEYFOB_CLOUDCONVERT_PUBLIC=1 for a public client)',
      'KEYFOB_CLOUDCONVERT_TOKEN_URL must use https (http only for 127.0.0.1/localhost)',
      'KEYFOB_CLOUDCONVERT_API_URL must not contain credentials',
      'KEYFOB_CLOUDCONVERT_API_RELAY must be 1 or 0',
      'KEYFOB_CLOUDCONVERT_TOKEN_ENCODING must be one of form, json',
      'KEYFOB_CUSTOM_TOKEN_URL is required: "custom" is not a built-in provider',
      'KEYFOB_PROXY_PROVIDERS: an entry is not a valid provider id (letters, digits, ".", "_", "-")',
      'KEYFOB_PROXY_PROVIDERS: "a-b" and "a_b" both read KEYFOB_A_B_*; rename one',
      'KEYFOB_PROXY_RATE_LIMIT must be "<burst>,<refill per second>" (e.g. "60,1") or "off"',
      'KEYFOB_PROXY_TIMEOUT_MS must be a whole number of milliseconds from 1 to 120000',
    ]);
  });

  it('requires origins and providers, and names the error with a stable code', () => {
    let caught: unknown;
    try {
      loadConfig({});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProxyConfigError);
    expect((caught as ProxyConfigError).code).toBe('PROXY_CONFIG_INVALID');
    expect((caught as ProxyConfigError).problems).toHaveLength(2);
    expect((caught as ProxyConfigError).message).toContain('KEYFOB_PROXY_ORIGINS is required');
  });

  it('never puts a secret value in its messages', () => {
    const problems = problemsOf({
      ...testEnv(),
      KEYFOB_PROXY_TIMEOUT_MS: '0',
      KEYFOB_CLOUDCONVERT_CLIENT_SECRET: 'top-secret-value',
      KEYFOB_CLOUDCONVERT_TOKEN_URL: 'ftp://x',
    });
    expect(problems.join('\n')).not.toContain('top-secret-value');
  });

  it('names the setting, never its value, even a URL with a password in it', () => {
    const values = {
      KEYFOB_PROXY_ORIGINS: 'https://origin-user:origin-pw@app.example/path',
      KEYFOB_CLOUDCONVERT_TOKEN_URL: 'https://tok-user:tok-pw-1234@token.example/oauth',
      KEYFOB_CLOUDCONVERT_REVOKE_URL: 'http://revoke-pw.example/x',
      KEYFOB_CLOUDCONVERT_API_URL: 'https://api.example/v2#frag-pw',
      KEYFOB_CLOUDCONVERT_API_RELAY: 'relay-pw',
      KEYFOB_CLOUDCONVERT_TOKEN_ENCODING: 'enc-pw',
      KEYFOB_CLOUDCONVERT_CLIENT_AUTH: 'auth-pw',
      KEYFOB_CLOUDCONVERT_RELAY_HEADERS: 'bad header pw',
      KEYFOB_PROXY_RATE_LIMIT: 'rate-pw',
      KEYFOB_PROXY_TIMEOUT_MS: 'timeout-pw',
    };
    const problems = problemsOf({ ...testEnv(), ...values });
    expect(problems).toHaveLength(10);
    const text = problems.join('\n');
    for (const [name, value] of Object.entries(values)) {
      expect(text).toContain(name);
      expect(text).not.toContain(value);
    }
    expect(text).not.toMatch(/pw/);
  });
});
