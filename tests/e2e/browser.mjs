// Browser-test harness: real Chromium (/usr/bin/chromium through playwright-core), one browser
// per test file, a fresh context per scenario, axe-core on every page, screenshots per step.
//
//   const browser = await launchBrowser();
//   const s = await openScenario(browser, { test: 'portal-phone', profile: 'phone', javaScript: false });
//   await s.goto(`${server.url}/`);          // checks status < 400, then axe, then a screenshot
//   await s.page.getByRole('link', { name: 'Stuttgart' }).click();
//   await s.checkPage('gemeinde');           // axe + screenshot of the page the click led to
//   await s.tabTo((el) => el.text === 'Weiter');   // keyboard only, focus must stay visible
//   await s.close();
//
// axe runs with the tags wcag2a, wcag2aa, wcag21a, wcag21aa and any violation fails the test
// with a readable list (rule, impact, help, the offending elements). With JavaScript disabled,
// Chromium also blocks the injected axe script, so axe runs on the same page opened in a
// JavaScript context whose own scripts are blocked — it sees exactly the no-JS document.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = path.join(here, 'screenshots');
export const CHROMIUM = process.env.AMTSWEG_CHROMIUM || '/usr/bin/chromium';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const PROFILES = {
  phone: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 800 } },
};

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

// Readable list of axe violations, one block per rule.
export function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `    - ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n');
    return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
  }).join('\n');
}

const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function openScenario(browser, { test, profile = 'desktop', javaScript = true }) {
  const options = { ...PROFILES[profile], javaScriptEnabled: javaScript, locale: 'de-DE' };
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const dir = path.join(SCREENSHOTS, slug(test));
  mkdirSync(dir, { recursive: true });
  let step = 0;
  let axeContext = null;  // for JavaScript-off scenarios, see the file comment
  let axePage = null;
  const checked = [];     // [{step, url, title}] for the test's own assertions

  async function axe(label) {
    let target = page;
    if (!javaScript) {
      if (!axePage) {
        axeContext = await browser.newContext({ ...PROFILES[profile], javaScriptEnabled: true, locale: 'de-DE' });
        axePage = await axeContext.newPage();
        await axePage.route('**/*.js*', (route) => route.abort());
      }
      // The same document at the same address (so styles load as they did): the current DOM,
      // served once in place of the address.
      const url = page.url().replace(/#.*$/, '');
      const html = await page.content();
      await axePage.route((u) => u.href === url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }),
        { times: 1 });
      await axePage.goto(url, { waitUntil: 'load' });
      target = axePage;
    }
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`axe did not finish within 60 s on ${label}`)), 60000);
    });
    const results = await Promise.race([new AxeBuilder({ page: target }).withTags(AXE_TAGS).analyze(), timeout])
      .finally(() => clearTimeout(timer));
    if (results.violations.length > 0) {
      throw new Error(`axe: ${results.violations.length} WCAG violation(s) on ${label} (${page.url()}):\n` +
        formatViolations(results.violations));
    }
    return results;
  }

  const scenario = {
    page,
    context,
    checked,
    // axe + screenshot of the page as it is now; `{ axe: false }` only takes the screenshot
    // (for suites that check each distinct page once and every error state).
    async checkPage(name, { axe: runAxe = true } = {}) {
      step += 1;
      const label = `${String(step).padStart(2, '0')}-${slug(name)}`;
      await page.screenshot({ path: path.join(dir, `${label}.png`), fullPage: true });
      if (runAxe) await axe(`${test}/${label}`);
      checked.push({ step: label, url: page.url(), title: await page.title() });
    },
    async goto(url, name = new URL(url).pathname) {
      const res = await page.goto(url);
      if (!res || res.status() >= 400) throw new Error(`${url}: HTTP ${res?.status()}`);
      await scenario.checkPage(name);
      return res;
    },
    // What has the keyboard focus, and can a sighted keyboard user see it?
    focused() {
      return page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        const shadow = style.boxShadow && style.boxShadow !== 'none';
        const rect = el.getBoundingClientRect();
        return {
          tag: el.tagName.toLowerCase(),
          type: el.getAttribute('type'),
          name: el.getAttribute('name'),
          value: el.value,
          checked: Boolean(el.checked),
          text: (el.innerText || el.value || '').trim(),
          href: el.getAttribute('href'),
          id: el.id,
          visible: Boolean(outline || shadow),
          onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0,
        };
      });
    },
    // Presses Tab until `matches(focused)` is true; every element on the way must show its focus.
    async tabTo(matches, { maxTabs = 60 } = {}) {
      for (let i = 0; i < maxTabs; i++) {
        await page.keyboard.press('Tab');
        const f = await scenario.focused();
        if (!f) continue;
        if (!f.visible || !f.onScreen) {
          throw new Error(`focus not visible on <${f.tag} id="${f.id}" href="${f.href}"> "${f.text}" at ${page.url()}`);
        }
        if (matches(f)) return f;
      }
      throw new Error(`no matching element within ${maxTabs} Tab presses on ${page.url()}`);
    },
    async close() {
      await axeContext?.close();
      await context.close();
    },
  };
  return scenario;
}
