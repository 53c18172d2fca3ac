import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { recordUnexpected, takeUnexpectedCalls } from '../component/unexpected-calls';

// Pages reach the network only through the injected services; a page that called fetch itself
// would bypass them, so any fetch here fails the test with what it asked for.
globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  return Promise.reject(recordUnexpected('fetch', [init?.method ?? 'GET', url]));
};

afterEach(() => {
  cleanup();
  const unexpected = takeUnexpectedCalls();
  if (unexpected.length > 0) {
    throw new Error(`The page made service calls no test expected:\n  ${unexpected.join('\n  ')}`);
  }
});

// jsdom has no HTMLDialogElement.showModal/close: the smallest stand-in that toggles `open` and
// fires `close` as browsers do. Escape and the top layer are Chromium's, tested end to end.
if (typeof HTMLDialogElement !== 'undefined' && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.open) return;
    this.open = false;
    this.dispatchEvent(new Event('close'));
  };
}
