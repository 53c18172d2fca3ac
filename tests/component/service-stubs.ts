import type { CustomProviderRegistry } from '../../src/config/custom-providers';
import type { ApiKeyConnector } from '../../src/oauth/api-keys';
import type { ServerSummary } from '../../src/oauth/server-summary';
import { unexpectedAsync, unexpectedSync } from './unexpected-calls';

/** Services the page under test is not expected to use: any call fails the test. */
export function unusedApiKeys(): ApiKeyConnector {
  return { saveApiKey: unexpectedAsync('saveApiKey') };
}

export function unusedCustomProviders(): CustomProviderRegistry {
  return {
    ids: () => [],
    resolve: unexpectedSync('customProviders.resolve'),
    add: unexpectedAsync('customProviders.add'),
    remove: unexpectedAsync('customProviders.remove'),
  };
}

/**
 * The connect page asks whether the provider's endpoints admit browsers before anything else; a
 * test about something else lets it ask and answers that nothing is known.
 */
export async function serverWithoutNotes(): Promise<ServerSummary> {
  return {
    issuer: 'https://id.example.test',
    issParameter: false,
    discovered: false,
    browserAccess: [],
  };
}
