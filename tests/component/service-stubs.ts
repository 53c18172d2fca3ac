import type { CustomProviderRegistry } from '../../src/config/custom-providers';
import type { ApiKeyConnector } from '../../src/oauth/api-keys';

/** Services the page under test is not expected to use: any call fails the test. */
export function unusedApiKeys(): ApiKeyConnector {
  return { saveApiKey: () => Promise.reject(new Error('saveApiKey was not expected')) };
}

export function unusedCustomProviders(): CustomProviderRegistry {
  return {
    ids: () => [],
    resolve: () => {
      throw new Error('customProviders.resolve was not expected');
    },
    add: () => Promise.reject(new Error('customProviders.add was not expected')),
    remove: () => Promise.reject(new Error('customProviders.remove was not expected')),
  };
}
