// The process monitor's pages in Chromium (issue 5): sign in with an access key, then the
// overview, a municipality, a service and the comparison, at 375 px (phone) and 1280 px
// (desktop), with axe-core (WCAG 2.1 A/AA, zero violations) on every page and every error state:
// a wrong key, a paper count in the future, an invalid filter. Charts are images with a name and
// a table follows each; nothing needs JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, json, query } from '../lib/server.mjs';
import { launchBrowser, openScenario } from './browser.mjs';

const KEY = 'QRST-VWXY-Z012-3456-789A-BCDE-FGHJ';
const hashKey = (key) => createHash('sha256').update(`amtsweg monitor key\u0000${key.replaceAll('-', '')}`).digest('hex');

let server;
let browser;
let ags;
let process;

before(async () => {
  server = await startServer({ command: 'demo', args: ['--usage-flush-ms', '50'] });
  browser = await launchBrowser();
  query(server.db, `INSERT INTO monitor_access (key_hash, scope, label, created_at)
    VALUES ('${hashKey(KEY)}', 'all', 'Browsertest', '2026-01-01T00:00:00Z');`);
  const municipalities = (await json(`${server.url}/api/v1/municipalities`)).body;
  ags = municipalities[0].ags;
  process = (await json(`${server.url}/api/v1/municipalities/${ags}/services`)).body[0].process;
  // Some usage: service pages looked at (the demo may bring more).
  for (let i = 0; i < 3; ++i) await fetch(`${server.url}/gemeinden/${ags}/leistungen/${process}`);
});

after(async () => {
  await browser?.close();
  const code = await server?.stop();
  server?.cleanup();
  assert.equal(code, 0);
});

async function signIn(s, key) {
  await s.page.goto(`${server.url}/monitor`);
  await s.page.getByLabel('Zugangsschlüssel').fill(key);
  await s.page.getByRole('button', { name: 'Anmelden' }).click();
  await s.page.waitForLoadState('load');
}

async function expectChartsWithTables(page) {
  const charts = page.locator('svg.mon-chart');
  for (let i = 0; i < await charts.count(); ++i) {
    const chart = charts.nth(i);
    assert.equal(await chart.getAttribute('role'), 'img');
    const [titleId] = (await chart.getAttribute('aria-labelledby')).split(' ');
    assert.ok(await page.locator(`[id="${titleId}"]`).count(), 'the chart names its title');
  }
  assert.ok(await page.locator('table.mon-table caption').count() > 0);
}

for (const profile of ['phone', 'desktop']) {
  test(`${profile}: every monitor page, its error states, axe-clean`, async () => {
    const s = await openScenario(browser, { test: `monitor-${profile}`, profile, javaScript: profile === 'desktop' });
    try {
      await s.goto(`${server.url}/monitor`, 'anmeldung');
      await s.checkPage('anmeldung');
      await signIn(s, 'FALSCH');
      assert.match(await s.page.title(), /^Fehler: /);
      await s.checkPage('falscher-schluessel');
      await signIn(s, KEY);
      assert.equal(new URL(s.page.url()).pathname, '/monitor');
      assert.equal(await s.page.getByRole('heading', { level: 1 }).innerText(), 'Prozessmonitor');
      await s.checkPage('uebersicht');
      await expectChartsWithTables(s.page);

      await s.page.locator(`a[href="/monitor/${ags}"]`).first().click();
      await s.page.waitForURL(`**/monitor/${ags}`);
      await s.checkPage('gemeinde');
      await s.page.getByRole('combobox', { name: 'Leistung', exact: true }).selectOption(process);
      await s.page.getByRole('textbox', { name: 'Monat', exact: true }).fill('2999-01');
      await s.page.getByRole('textbox', { name: 'Anzahl der Papieranträge' }).fill('12');
      await s.page.getByRole('button', { name: 'Speichern' }).click();
      await s.page.waitForLoadState('load');
      assert.match(await s.page.title(), /^Fehler: /);
      await s.checkPage('papier-fehler');
      await s.page.getByRole('textbox', { name: 'Monat', exact: true }).fill('2026-01');
      await s.page.getByRole('button', { name: 'Speichern' }).click();
      await s.page.waitForURL(/papier=gespeichert/);
      await s.checkPage('papier-gespeichert');

      await s.page.locator(`a[href="/monitor/${ags}/${process}"]`).first().click();
      await s.page.waitForURL(`**/monitor/${ags}/${process}`);
      await s.checkPage('leistung');
      await expectChartsWithTables(s.page);
      assert.ok(await s.page.locator('td', { hasText: 'noch nicht erfasst' }).first().isVisible());
      await s.page.getByRole('combobox', { name: 'Zeitraum', exact: true }).selectOption('7');
      await s.page.getByRole('button', { name: 'Anzeigen' }).click();
      await s.page.waitForURL(/zeitraum=7/);
      await s.checkPage('leistung-7-tage');

      await s.page.getByRole('link', { name: 'Mit anderen Gemeinden vergleichen' }).click();
      await s.page.waitForURL(`**/monitor/vergleich/${process}`);
      await s.checkPage('vergleich');

      const bad = await s.page.goto(`${server.url}/monitor/${ags}?geraet=toaster`);
      assert.equal(bad.status(), 400);
      await s.checkPage('filterfehler');
      await s.goto(`${server.url}/monitor`, 'uebersicht');
      await s.page.getByRole('button', { name: 'Abmelden' }).click();
      await s.page.waitForLoadState('load');
      assert.ok(await s.page.getByLabel('Zugangsschlüssel').isVisible(), 'signed out');
    } finally {
      await s.close();
    }
  });
}
