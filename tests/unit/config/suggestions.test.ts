import { describe, expect, it } from 'vitest';
import { KeyfobError } from '../../../src/oauth/errors';
import { invalidJson, loadConfig } from '../../../src/config/load';
import { levenshtein, nearestKey, validateConfig } from '../../../src/config/validate';

function problems(raw: unknown): string[] {
  try {
    validateConfig(raw);
  } catch (caught) {
    if (caught instanceof KeyfobError) return [...(caught.problems ?? [])];
    throw caught;
  }
  return [];
}

describe('config.json mistakes say what was meant', () => {
  it('measures edit distance', () => {
    expect(levenshtein('clientid', 'clientId')).toBe(0);
    expect(levenshtein('clentId', 'clientId')).toBe(1);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
  });

  it('suggests the nearest allowed key, and nothing for a word far from all', () => {
    expect(nearestKey('clinetId', ['clientId', 'issuer'])).toBe('clientId');
    expect(nearestKey('colour', ['clientId', 'issuer'])).toBeUndefined();
    expect(
      problems({ providers: { sandbox: { clientid: 'x', isuer: 'https://a.test' } } }),
    ).toEqual([
      'providers.sandbox.clientid is not a known setting (did you mean clientId?)',
      'providers.sandbox.isuer is not a known setting (did you mean issuer?)',
    ]);
    expect(problems({ provider: {}, providers: {} })).toEqual([
      'provider is not a known setting (did you mean providers?)',
    ]);
    expect(problems({ providers: { sandbox: { wholly: 1 } } })).toEqual([
      'providers.sandbox.wholly is not a known setting',
    ]);
  });

  it('gives line and column for invalid JSON', async () => {
    const text = '{\n  "providers": {\n    "sandbox": { "clientId": "x", }\n  }\n}';
    const fetchImpl = (async () => new Response(text)) as typeof fetch;
    const error = await loadConfig('http://app.test/', fetchImpl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyfobError);
    expect((error as KeyfobError).problems![0]).toMatch(
      /^config\.json is not valid JSON at line 3, column 35 \(/,
    );
    // Engines that give line and column themselves are taken at their word.
    expect(invalidJson('x', new SyntaxError('Unexpected token (line 7 column 2)'))).toBe(
      'config.json is not valid JSON at line 7, column 2 (Unexpected token)',
    );
    expect(invalidJson('', new SyntaxError('Unexpected end of JSON input'))).toBe(
      'config.json is not valid JSON: the file is empty (Unexpected end of JSON input)',
    );
  });
});
