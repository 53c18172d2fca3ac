import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInProviders } from '../../../src/providers/catalog';
import {
  BUILT_IN_PROVIDER_IDS,
  buildTimeProviderIds,
  contentSecurityPolicy,
  headerContentSecurityPolicy,
  withBuildCsp,
} from '../../../scripts/static-routes';

describe('the static build', () => {
  it('knows every built-in provider id, so each has its callback file', () => {
    expect([...BUILT_IN_PROVIDER_IDS].sort()).toEqual(Object.keys(builtInProviders).sort());
  });

  it("emits callback files only for ids config.json accepts, config.json's included", () => {
    const config = '{"providers": {"acme": {}, "__proto__": {}, "../up": {}, "constructor": {}}}';
    expect(buildTimeProviderIds(config)).toEqual([
      'acme',
      'cloudconvert',
      'constructor',
      'convert',
      'videoask',
      'whatconverts',
    ]);
    expect(buildTimeProviderIds(undefined)).toEqual([...BUILT_IN_PROVIDER_IDS].sort());
  });

  it('ships _headers with the default build policy plus frame-ancestors', () => {
    const shipped = readFileSync('public/_headers', 'utf8');
    expect(withBuildCsp(shipped, headerContentSecurityPolicy(undefined))).toBe(shipped);
    expect(headerContentSecurityPolicy(undefined)).toBe(
      `${contentSecurityPolicy(undefined)}; frame-ancestors 'none'`,
    );
    for (const header of [
      "frame-ancestors 'none'",
      'Referrer-Policy: no-referrer',
      'X-Content-Type-Options: nosniff',
    ]) {
      expect(shipped).toContain(header);
    }
  });

  it('rewrites the _headers policy for a narrowed connect-src', () => {
    const shipped = readFileSync('public/_headers', 'utf8');
    const narrowed = withBuildCsp(shipped, headerContentSecurityPolicy('https://api.acme.test'));
    expect(narrowed).toContain("connect-src 'self' https://api.acme.test; form-action");
    expect(narrowed).not.toContain('http://127.0.0.1:*');
    expect(narrowed.replace(/^\s+Content-Security-Policy:.*$/m, '')).toBe(
      shipped.replace(/^\s+Content-Security-Policy:.*$/m, ''),
    );
  });
});
