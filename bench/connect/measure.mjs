// The browser side of `npm run bench:connect`: one login per run in headless Chromium, the apps
// interleaved, every time taken inside the page (performance.timeOrigin + performance.now()), so
// Playwright's own latency is not in the numbers.
//
// One run: a new browser context (empty cache, cookies and storage) -> open the app -> wait for
// the network to settle and for the start button -> click -> authorization server (303s only) ->
// the app's callback -> the page says it is connected.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { repoRoot } from './apps.mjs';
import { GZIP_LEVEL } from './sizes.mjs';
import { runOrder, summarize } from './stats.mjs';

/** Debian's Chromium, as the e2e tests use it, with the flags of the peers harness. */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.KEYFOB_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

// Runs at document start in every page of a run's context. Reports (through an exposed binding)
// the first trusted click and the moment the "connected" condition first holds.
function probe(cfg) {
  if (window !== window.top) return;
  const report = (msg) => {
    try {
      window.__benchReport(msg);
    } catch {
      // the binding is not there yet
    }
  };
  addEventListener(
    'click',
    (e) => {
      if (!e.isTrusted) return;
      // t: the page starts handling the click (a capture listener, before the app's handler);
      // tEvent: the event's own timestamp (includes the browser's input pipeline)
      report({
        type: 'click',
        t: performance.timeOrigin + performance.now(),
        tEvent: performance.timeOrigin + e.timeStamp,
      });
    },
    { capture: true },
  );
  const markAt = (name) => {
    const mark = name ? performance.getEntriesByName(name, 'mark')[0] : undefined;
    return mark ? performance.timeOrigin + mark.startTime : null;
  };
  let done = false;
  const state = () => {
    if (document.getElementById('oauth-error')) return 'error';
    if (cfg.errorSelector && document.querySelector(cfg.errorSelector)) return 'error';
    const el = document.querySelector(cfg.connected);
    if (!el) return null;
    const text = (el.textContent || '').trim();
    if (cfg.errorTextPrefix && text.startsWith(cfg.errorTextPrefix)) return 'error';
    if (cfg.connectedTextIncludes)
      return text.includes(cfg.connectedTextIncludes) ? 'connected' : null;
    return cfg.connectedText == null || text === cfg.connectedText ? 'connected' : null;
  };
  const check = () => {
    if (done) return;
    const s = state();
    if (!s) return;
    const t = performance.timeOrigin + performance.now();
    done = true;
    observer.disconnect();
    const nav = performance.getEntriesByType('navigation')[0];
    const errorText =
      (cfg.errorSelector && document.querySelector(cfg.errorSelector)?.textContent) ||
      document.getElementById('oauth-error')?.textContent ||
      document.querySelector(cfg.connected)?.textContent ||
      '';
    report({
      type: s,
      t,
      tokenAt:
        typeof window.__tokenReceivedAt === 'number'
          ? window.__tokenReceivedAt
          : markAt(cfg.tokenMark),
      connectedMarkAt: markAt(cfg.connectedMark),
      timeOrigin: performance.timeOrigin,
      text: s === 'error' ? errorText.trim().slice(0, 300) : '',
      nav: nav ? nav.toJSON() : null,
      resources: performance.getEntriesByType('resource').map((r) => ({
        name: r.name.split('?')[0],
        initiatorType: r.initiatorType,
        startTime: r.startTime,
        duration: r.duration,
      })),
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
  });
  document.addEventListener('DOMContentLoaded', check);
}

async function runOnce(browser, target, opts) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const ev = { click: null, end: null };
  let resolveEnd;
  const ended = new Promise((resolve) => {
    resolveEnd = resolve;
  });
  const pageErrors = [];
  try {
    await context.exposeBinding('__benchReport', (_source, msg) => {
      if (msg?.type === 'click') {
        ev.click ??= msg;
      } else if (!ev.end && ev.click) {
        ev.end = msg;
        resolveEnd();
      }
    });
    await context.addInitScript(probe, target.driver);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e).slice(0, 300)));

    const deadline = Date.now() + opts.timeout;
    const left = () => Math.max(1, deadline - Date.now());
    await page.goto(target.url, { waitUntil: opts.settle, timeout: opts.timeout });
    const button = page.locator(target.driver.start).first();
    await button.waitFor({ state: 'visible', timeout: left() });
    const w0 = performance.now();
    await button.click({ timeout: left(), noWaitAfter: true });
    let timer;
    await Promise.race([
      ended,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out waiting for connected')), left());
      }),
    ]).finally(() => clearTimeout(timer));
    const wallMs = performance.now() - w0;

    const { click, end } = ev;
    if (end.type !== 'connected') throw new Error(`the app reported an error: ${end.text}`);
    const nav = end.nav ?? {};
    const fetchStart = end.timeOrigin + (nav.fetchStart ?? 0);
    const tokenAt = end.tokenAt ?? end.t;
    const tokenPosts = end.resources.filter((r) => r.name === opts.tokenEndpoint);
    return {
      ok: true,
      // click (the page starts handling it) -> the connected condition holds (MutationObserver)
      totalMs: end.t - click.t,
      // the callback document's fetchStart -> the token is held (the app's marker)
      callbackMs: tokenAt - fetchStart,
      // click -> the page leaves for the authorization server
      preRedirectMs: end.timeOrigin - click.t,
      // the redirects through the authorization server (one navigation with redirects)
      authzRedirectsMs: nav.fetchStart ?? null,
      tokenFetchMs: tokenPosts.length ? tokenPosts[tokenPosts.length - 1].duration : null,
      tokenToConnectedMs: end.t - tokenAt,
      tokenMarker: end.tokenAt != null,
      connectedMarkMs: end.connectedMarkAt == null ? null : end.connectedMarkAt - click.t,
      callbackDocDclMs:
        nav.domContentLoadedEventEnd != null
          ? nav.domContentLoadedEventEnd - (nav.fetchStart ?? 0)
          : null,
      inputDelayMs: click.t - click.tEvent,
      wallMs,
      callbackResources: end.resources.map((r) => ({
        ...r,
        startTime: +(r.startTime - (nav.fetchStart ?? 0)).toFixed(1),
        duration: +r.duration.toFixed(1),
      })),
      pageErrors,
    };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e).slice(0, 500), pageErrors };
  } finally {
    await context.close().catch(() => {});
  }
}

function versions() {
  const out = {};
  for (const name of [
    'oidc-provider',
    '@playwright/test',
    'oidc-client-ts',
    'oauth4webapi',
    '@badgateway/oauth2-client',
    'react-oidc-context',
    'react',
    'react-dom',
    'react-router',
    'vite',
    '@vitejs/plugin-react',
  ]) {
    try {
      const file = path.join(repoRoot, 'node_modules', name, 'package.json');
      out[name] = JSON.parse(fs.readFileSync(file, 'utf8')).version;
    } catch {
      out[name] = null;
    }
  }
  return out;
}

/** Measures `targets` ({ name, url, driver, sizes }) `warmup + runs` times each, in runOrder. */
export async function measure({ targets, issuer, runs, warmup, settle, order, timeout, log }) {
  const meta = await (
    await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) })
  ).json();
  const opts = { settle, timeout, tokenEndpoint: meta.token_endpoint };
  const startedAt = new Date();
  const t0 = performance.now();
  const loadBefore = os.loadavg();
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const perTarget = new Map(targets.map((t) => [t.name, []]));
  try {
    for (const [r, t] of runOrder(targets, warmup + runs, order)) {
      const res = await runOnce(browser, t, opts);
      res.round = r;
      res.warmup = r < warmup;
      perTarget.get(t.name).push(res);
      const label = res.warmup ? 'warmup' : `run ${r - warmup + 1}/${runs}`;
      log(
        `${label} ${t.name}: ${res.ok ? `${res.totalMs.toFixed(1)} ms, callback ${res.callbackMs.toFixed(1)} ms` : `FAILED ${res.error}`}`,
      );
    }
    return {
      tool: 'npm run bench:connect',
      startedAt: startedAt.toISOString(),
      durationS: Math.round((performance.now() - t0) / 100) / 10,
      params: { runs, warmup, issuer, settle, order, timeout, gzipLevel: GZIP_LEVEL },
      env: {
        node: process.version,
        chromium: browser.version(),
        chromiumArgs: CHROMIUM_LAUNCH.args,
        platform: `${os.platform()} ${os.release()}`,
        cpu: os.cpus()[0]?.model,
        cpus: os.cpus().length,
        loadavgBefore: loadBefore,
        loadavgAfter: os.loadavg(),
        packages: versions(),
      },
      targets: targets.map((t) => ({
        name: t.name,
        url: t.url,
        driver: t.driver,
        sizes: t.sizes,
        summary: summarize(perTarget.get(t.name)),
        runs: perTarget.get(t.name),
      })),
    };
  } finally {
    await browser.close();
  }
}
