// The transparency registry's public pages in Chromium (issue 5), at 375 px with JavaScript off
// and at 1280 px with it on, with axe-core (WCAG 2.1 A/AA, zero violations) on every page and
// state: overview, the service table filtered through its form and paged, the process list, a
// live and a planned process, a municipality with an opened Themenfeld, a wrong filter (400).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, openScenario } from './browser.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ command: 'demo' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const code = await server?.stop();
  server?.cleanup();
  assert.equal(code, 0);
});

for (const profile of ['phone', 'desktop']) {
  test(`${profile}: every registry page, axe-clean, without needing JavaScript`, async () => {
    const s = await openScenario(browser, { test: `registry-${profile}`, profile, javaScript: profile === 'desktop' });
    try {
      await s.goto(`${server.url}/register`, 'uebersicht');
      assert.equal(await s.page.getByRole('heading', { level: 1 }).innerText(), 'Transparenzregister');

      // The service table: filter through the form, then page on.
      await s.page.getByRole('link', { name: 'Welche Kommune bietet welche Leistung an' }).click();
      await s.page.waitForURL('**/register/leistungen');
      await s.checkPage('leistungen');
      await s.page.getByRole('combobox', { name: 'Kommune' }).selectOption({ label: 'Stuttgart' });
      await s.page.getByRole('combobox', { name: 'Reifegrad' }).selectOption('2');
      await s.page.getByRole('button', { name: 'Anzeigen' }).click();
      await s.page.waitForURL(/kommune=08111000/);
      await s.checkPage('leistungen-gefiltert');
      const rows = s.page.locator('#leistungen-tabelle tbody tr');
      assert.ok(await rows.count() >= 5);
      for (const text of await rows.locator('td:nth-child(2)').allInnerTexts()) assert.equal(text, 'Stuttgart');
      await s.goto(`${server.url}/register/leistungen`, 'leistungen-seite-1');
      await s.page.getByRole('link', { name: 'Nächste Seite' }).click();
      await s.page.waitForURL(/seite=2/);
      await s.checkPage('leistungen-seite-2');

      await s.goto(`${server.url}/register/prozesse`, 'prozesse');
      await s.page.getByRole('link', { name: 'Hund anmelden', exact: true }).click();
      await s.page.waitForURL('**/register/prozesse/hund-anmelden');
      await s.checkPage('prozess-live');
      assert.ok(await s.page.getByRole('table', { name: 'Kriterien des Reifegrads' }).isVisible());
      await s.goto(`${server.url}/register/prozesse/wohnsitz-anmelden`, 'prozess-geplant');

      await s.goto(`${server.url}/register/kommunen/08111000`, 'kommune');
      const group = s.page.locator('details.reg-group').first();
      await group.locator('summary').click();
      assert.equal(await group.getAttribute('open'), '');
      await s.checkPage('kommune-themenfeld-offen');

      const bad = await s.page.goto(`${server.url}/register/leistungen?reife=9`);
      assert.equal(bad.status(), 400);
      await s.checkPage('filter-falsch');
      assert.ok(s.checked.length >= 11);
    } finally {
      await s.context.close();
    }
  });
}
