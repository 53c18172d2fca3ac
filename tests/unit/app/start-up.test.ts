import { describe, expect, it } from 'vitest';
import { captureCallback, isFramed } from '../../../src/app/start-up';

function fakeWindow(href: string) {
  const replaced: string[] = [];
  const location = {
    get href() {
      return href;
    },
    get pathname() {
      return new URL(href).pathname;
    },
  };
  const history = {
    state: { idx: 3 },
    replaceState(_state: unknown, _title: string, url?: string | URL | null) {
      replaced.push(String(url));
      href = new URL(String(url), href).href;
    },
  };
  return { win: { location, history }, replaced, current: () => href };
}

describe('start-up', () => {
  it('copies the callback URL and scrubs it from the address bar at once', () => {
    const w = fakeWindow('https://app.test/callback/acme?code=secret-code&state=s1&iss=x');
    expect(captureCallback(w.win, '/')).toBe(
      'https://app.test/callback/acme?code=secret-code&state=s1&iss=x',
    );
    expect(w.replaced).toEqual(['/callback/acme']);
    expect(w.current()).toBe('https://app.test/callback/acme');
  });

  it('works under a base path and for the callback files a host may serve', () => {
    for (const path of ['/keyfob/callback/acme/', '/keyfob/callback.html', '/keyfob/callback']) {
      const w = fakeWindow(`https://app.test${path}?code=c&state=s#frag`);
      expect(captureCallback(w.win, '/keyfob/')).toContain('code=c');
      expect(w.replaced).toEqual([path]);
    }
  });

  it('leaves every other page alone', () => {
    for (const href of [
      'https://app.test/connections/c1?x=1',
      'https://app.test/callbacks?code=c',
      'https://app.test/',
    ]) {
      const w = fakeWindow(href);
      expect(captureCallback(w.win, '/')).toBeUndefined();
      expect(w.replaced).toEqual([]);
    }
  });

  it('tells a frame from a top-level window', () => {
    const top = {};
    expect(isFramed({ self: top, top })).toBe(false);
    expect(isFramed({ self: {}, top })).toBe(true);
    const hostile = {
      self: {},
      get top(): unknown {
        throw new Error('SecurityError');
      },
    };
    expect(isFramed(hostile)).toBe(true);
  });
});
