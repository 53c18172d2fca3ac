import { describe, expect, it } from 'vitest';
import { KeyfobError } from '../../../src/oauth/errors';
import { resolveProviders, validateConfig } from '../../../src/config';
import { loadCustomProviders } from '../../../src/config/custom-providers';
import { createMemoryStore } from '../../../src/vault/store';

/** config.json as a deployment writes it: JSON text, where "__proto__" is an own key. */
function loadText(text: string) {
  return resolveProviders(validateConfig(JSON.parse(text)));
}

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const prototypeNames = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('provider ids that name Object.prototype members', () => {
  it('give config errors, never a TypeError', () => {
    for (const id of prototypeNames) {
      const error = failure(() => loadText(`{"providers": {"${id}": {}}}`));
      expect(error, id).toBeInstanceOf(KeyfobError);
      expect((error as KeyfobError).problems!.join('\n'), id).toContain(`providers.${id}`);
    }
  });

  it('"constructor" is an ordinary custom provider id when configured fully', () => {
    const providers = loadText(
      '{"providers": {"constructor": {"issuer": "https://id.c.test", "clientId": "spa"}}}',
    );
    expect(providers.find((p) => p.id === 'constructor')).toMatchObject({
      builtIn: false,
      name: 'constructor',
      issuer: 'https://id.c.test',
      configured: true,
    });
    // The built-ins are untouched and nothing leaked in from the prototype.
    expect(providers.map((p) => p.id).sort()).toEqual([
      'cloudconvert',
      'constructor',
      'convert',
      'videoask',
      'whatconverts',
    ]);
  });

  it('the same from the Add a provider page', async () => {
    const config = validateConfig({ providers: {} });
    const registry = await loadCustomProviders(
      createMemoryStore(),
      config,
      resolveProviders(config),
    );
    for (const id of prototypeNames) {
      expect(
        failure(() => registry.resolve(id, { clientId: 'c' })),
        id,
      ).toBeInstanceOf(KeyfobError);
    }
    expect(
      registry.resolve('constructor', { clientId: 'c', issuer: 'https://id.c.test' }),
    ).toMatchObject({ id: 'constructor', builtIn: false });
  });
});
