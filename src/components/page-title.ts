import { useEffect } from 'react';

/** What every document title ends with, so a tab or a screen reader's window list names the app. */
export const titleSuffix = 'Keyfob';

/** The document title for a page: its own name first, then the app's ("Connect Sandbox · Keyfob"). */
export function pageTitle(name: string): string {
  return `${name} · ${titleSuffix}`;
}

/** Names the current page in the document title while it is shown. */
export function usePageTitle(name: string): void {
  useEffect(() => {
    document.title = pageTitle(name);
  }, [name]);
}
