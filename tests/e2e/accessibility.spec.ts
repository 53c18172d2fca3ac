import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { connectSandbox } from './support/flows';
import { E2E } from './support/ports';

/** WCAG 2.2 A and AA plus axe's best practices, as issue 12 asks. */
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const sizes = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** axe in both themes: every violation with the elements it names, so a failure says what. */
async function expectNoAxeViolations(page: Page) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(axeTags).analyze();
    const found = violations.map((v) => ({
      theme: colorScheme,
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
    expect(found).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}

async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({
    scroll: document.scrollingElement!.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
}

/** The page's title, its only h1, no sideways scrolling, and axe clean in light and dark. */
async function audit(page: Page, title: string, heading: string | RegExp) {
  await expect(page).toHaveTitle(title);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  await expect(page.locator('h1')).toHaveCount(1);
  await expectNoSidewaysScroll(page);
  await expectNoAxeViolations(page);
}

/** The element that has keyboard focus, as tag name and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase(), text: el?.textContent?.trim() };
  });

async function expectFocusOnHeading(page: Page, text: string) {
  await expect.poll(() => focused(page)).toEqual({ tag: 'h1', text });
}

/** Presses Tab until the focused element's text is `name` (at most `limit` presses). */
async function tabTo(page: Page, name: string, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).text === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

/** An in-app navigation without a link to click (the not-found page has none leading to it). */
async function pushRoute(page: Page, path: string) {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

for (const size of sizes) {
  test.describe(`at ${size.width}x${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('home, first visit: title, one h1, skip link first, axe clean', async ({ page }) => {
      await page.goto('/');
      await audit(page, 'Connections · Keyfob', 'Connections');
      // The first load leaves focus where the browser puts it; the first Tab is the skip link.
      expect((await focused(page)).tag).toBe('body');
      await page.keyboard.press('Tab');
      await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expectFocusOnHeading(page, 'Connections');
    });

    test('connect page: title, focus on its h1 after navigating, axe clean', async ({ page }) => {
      await page.goto('/');
      await page.getByRole('button', { name: 'Connect Sandbox', exact: true }).click();
      await expectFocusOnHeading(page, 'Connect Sandbox');
      await audit(page, 'Connect Sandbox · Keyfob', 'Connect Sandbox');
      await page.getByRole('link', { name: 'Cancel' }).click();
      await expectFocusOnHeading(page, 'Connections');
      await expect(page).toHaveTitle('Connections · Keyfob');
    });

    test('connection page and the console: title, focus, announcements, axe clean', async ({
      page,
    }) => {
      await connectSandbox(page);
      await expectFocusOnHeading(page, 'Sandbox');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(page.getByLabel('API answer')).toContainText('HTTP 200');
      await expect(
        page.getByRole('status').filter({ hasText: /^HTTP 200 in \d+ ms$/ }),
      ).toHaveCount(1);
      await audit(page, 'Sandbox · Keyfob', 'Sandbox');

      await page.getByRole('link', { name: 'All connections' }).click();
      await expectFocusOnHeading(page, 'Connections');
      await audit(page, 'Connections · Keyfob', 'Connections');

      await page.getByRole('link', { name: 'Connected as demo user' }).click();
      await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Disconnect Sandbox?' });
      await expect(dialog).toBeVisible();
      await expectNoSidewaysScroll(page);
      await expectNoAxeViolations(page);
      await dialog.getByRole('button', { name: 'Disconnect', exact: true }).click();
      await expect(page).toHaveURL(`${E2E.app}/`);
      await expect(
        page.getByRole('status').filter({ hasText: /^Disconnected Sandbox$/ }),
      ).toHaveCount(1);
    });

    test('add a provider: title, focus after navigating, axe clean', async ({ page }) => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Add a provider' }).click();
      await expectFocusOnHeading(page, 'Add a provider');
      await audit(page, 'Add a provider · Keyfob', 'Add a provider');
    });

    test('settings: title, focus after navigating, axe clean', async ({ page }) => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Settings' }).click();
      await expectFocusOnHeading(page, 'Settings');
      await audit(page, 'Settings · Keyfob', 'Settings');
    });

    test('not found: title, focus after navigating, axe clean', async ({ page }) => {
      await page.goto('/no-such-page');
      await audit(page, 'Not found · Keyfob', 'Not found');
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connections');
      await pushRoute(page, '/still-nothing-here');
      await expectFocusOnHeading(page, 'Not found');
    });

    test('a forged callback: an error page with a title, axe clean', async ({ page }) => {
      await page.goto('/callback?code=forged-code&state=forged-state');
      await expect(page.getByRole('alert')).toBeVisible();
      await audit(page, 'Connection failed · Keyfob', 'The connection did not complete');
    });

    test('a broken config.json: the error list has a title and is axe clean', async ({ page }) => {
      await page.route(`${E2E.app}/config.json`, (route) =>
        route.fulfill({ json: { providers: { sandbox: { clientid: 'typo', issuer: 42 } } } }),
      );
      await page.goto('/');
      await audit(
        page,
        'config.json needs fixing · Keyfob',
        /^Keyfob cannot start: config.json needs fixing/,
      );
    });

    test('connects the sandbox with the keyboard alone', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connections');
      await tabTo(page, 'Connect Sandbox');
      await page.keyboard.press('Enter');
      await expectFocusOnHeading(page, 'Connect Sandbox');
      await tabTo(page, 'Continue to Sandbox');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.origin === E2E.sandbox);
      await tabTo(page, 'Sign in as demo user');
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(/\/connections\//);
      await expectFocusOnHeading(page, 'Sandbox');
      await expect(page.getByText('Connected as demo user')).toBeVisible();
    });
  });
}
