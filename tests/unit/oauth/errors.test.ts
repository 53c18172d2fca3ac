import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate';
import {
  configError,
  defaultMessages,
  ErrorCode,
  isKeyfobError,
  KeyfobError,
  withProvider,
} from '../../../src/oauth/errors';

describe('KeyfobError', () => {
  it('is frozen: no field can be changed or added once it is built', () => {
    const error = new KeyfobError(ErrorCode.UNREACHABLE, 'down', {
      step: 'code exchange',
      providerId: 'acme',
      problems: ['a'],
    });
    expect(Object.isFrozen(error)).toBe(true);
    expect(Object.isFrozen(error.problems)).toBe(true);
    expect(() => {
      (error as { providerId?: string }).providerId = 'other';
    }).toThrow(TypeError);
    expect(() => {
      (error as unknown as { extra: number }).extra = 1;
    }).toThrow(TypeError);
    expect(() => (error.problems as string[]).push('b')).toThrow(TypeError);
    expect(error).toMatchObject({ providerId: 'acme', step: 'code exchange', problems: ['a'] });
  });

  it('has one default sentence for each code, used when the thrower gives none', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(defaultMessages[code], code).toMatch(/\S/);
      expect(new KeyfobError(code).message).toBe(defaultMessages[code]);
    }
    expect(Object.keys(defaultMessages).sort()).toEqual(Object.keys(ErrorCode).sort());
    // One vocabulary: every code is its own name, none spelled twice.
    expect(Object.entries(ErrorCode).every(([key, value]) => key === value)).toBe(true);
  });

  it('withProvider builds a new error naming the provider, keeping everything else', () => {
    const cause = new Error('wire');
    const original = new KeyfobError(ErrorCode.TOKEN_ENDPOINT_ERROR, 'refused', {
      oauthError: 'invalid_grant',
      status: 400,
      cause,
    });
    const named = withProvider(original, { id: 'acme', name: 'Acme' });
    expect(named).not.toBe(original);
    expect(original.providerId).toBeUndefined();
    expect(named).toMatchObject({
      code: ErrorCode.TOKEN_ENDPOINT_ERROR,
      message: 'refused',
      oauthError: 'invalid_grant',
      status: 400,
      providerId: 'acme',
      providerName: 'Acme',
    });
    expect(named.cause).toBe(cause);
    // An error that already names its provider keeps it.
    expect(withProvider(named, { id: 'other' })).toBe(named);
  });

  it('config errors are KeyfobErrors with code CONFIG and every problem', () => {
    const error = configError(['one is wrong', 'two is wrong']);
    expect(isKeyfobError(error, ErrorCode.CONFIG)).toBe(true);
    expect(error.problems).toEqual(['one is wrong', 'two is wrong']);
    expect(error.message).toBe('config.json has 2 problem(s):\n- one is wrong\n- two is wrong');
    let thrown: unknown;
    try {
      validateConfig({ proxyUrl: 'http://proxy.example', providers: {} });
    } catch (caught) {
      thrown = caught;
    }
    expect(isKeyfobError(thrown, ErrorCode.CONFIG)).toBe(true);
    expect((thrown as KeyfobError).problems).toEqual([
      'proxyUrl must use https (http is allowed only for 127.0.0.1/localhost)',
    ]);
  });
});
