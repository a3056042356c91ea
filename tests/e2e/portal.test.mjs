// Portal → municipality → service page in Chromium, for every demo municipality and service:
// with the mouse on a phone, keyboard-only (Tab/Enter) on a desktop, and with JavaScript off.
// axe-core checks every page visited (WCAG 2.1 A/AA, zero violations); screenshots of each step
// land in tests/e2e/screenshots/<test>/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json } from '../lib/server.mjs';
import { launchBrowser, openScenario } from './browser.mjs';

let server;
let browser;
let municipalities = [];  // [{ags, name, services: [{process, title}]}]

before(async () => {
  server = await startServer({ command: 'demo' });
  browser = await launchBrowser();
  for (const m of (await json(`${server.url}/api/v1/municipalities`)).body) {
    const services = (await json(`${server.url}/api/v1/municipalities/${m.ags}/services`)).body;
    municipalities.push({ ...m, services });
  }
  assert.ok(municipalities.length >= 3);
});

after(async () => {
  await browser?.close();
  const code = await server?.stop();
  server?.cleanup();
  assert.equal(code, 0, 'graceful shutdown exits 0');
});

const servicePath = (m, s) => `/gemeinden/${m.ags}/leistungen/${s.process}`;
const pathOf = (page) => new URL(page.url()).pathname;

async function expectServicePage(s, m, service) {
  const { page } = s;
  assert.equal(pathOf(page), servicePath(m, service));
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: service.title, exact: true }).waitFor());
  assert.ok(await page.getByRole('button', { name: 'Jetzt starten' }).isVisible());
  assert.ok(await page.getByText('Testumgebung', { exact: true }).isVisible(), 'sandbox banner');
}

test('phone, mouse: choose each municipality and open each of its services', async () => {
  const s = await openScenario(browser, { test: 'portal-phone-mouse', profile: 'phone' });
  try {
    for (const m of municipalities) {
      await s.goto(`${server.url}/`, 'start');
      await s.page.getByLabel('Ihre Gemeinde').selectOption(m.ags);
      await s.page.getByRole('button', { name: 'Weiter' }).click();
      await s.page.waitForURL(`**/gemeinden/${m.ags}`);
      await s.checkPage(`gemeinde-${m.ags}`);
      assert.equal(await s.page.getByRole('heading', { level: 1 }).innerText(), m.name);
      for (const service of m.services) {
        await s.page.locator(`a[href="${servicePath(m, service)}"]`).click();
        await s.page.waitForURL(`**${servicePath(m, service)}`);
        await s.checkPage(`${m.ags}-${service.process}`);
        await expectServicePage(s, m, service);
        // Back through the breadcrumb, as a person on a phone would.
        await s.page.getByRole('navigation', { name: 'Sie sind hier' }).getByRole('link', { name: m.name }).click();
        await s.page.waitForURL(`**/gemeinden/${m.ags}`);
      }
    }
  } finally {
    await s.close();
  }
});

test('desktop, keyboard only: skip link, then Tab/Enter through every municipality and service', async () => {
  const s = await openScenario(browser, { test: 'portal-desktop-keyboard', profile: 'desktop' });
  const { page } = s;
  try {
    await s.goto(`${server.url}/`, 'start');
    const skip = await s.tabTo(() => true);
    assert.equal(skip.text, 'Zum Inhalt springen', 'the first Tab reaches the skip link');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'inhalt');

    // The chooser by keyboard: Tab to the select, type the name, Tab to "Weiter", Enter.
    const first = municipalities[0];
    await s.tabTo((f) => f.id === 'f-gemeinde');
    await page.keyboard.type(first.name.slice(0, 4));
    assert.equal(await page.locator('#f-gemeinde').inputValue(), first.ags);
    await s.tabTo((f) => f.tag === 'button' && f.text === 'Weiter');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/gemeinden/${first.ags}`);
    await s.checkPage(`gemeinde-${first.ags}`);

    for (const m of municipalities) {
      await s.goto(`${server.url}/`, `start-${m.ags}`);
      await s.tabTo((f) => f.href === `/gemeinden/${m.ags}`);
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/gemeinden/${m.ags}`);
      await s.checkPage(`gemeinde-${m.ags}`);
      for (const service of m.services) {
        await s.tabTo((f) => f.href === servicePath(m, service));
        await page.keyboard.press('Enter');
        await page.waitForURL(`**${servicePath(m, service)}`);
        await s.checkPage(`${m.ags}-${service.process}`);
        await expectServicePage(s, m, service);
        await s.tabTo((f) => f.tag === 'button' && f.text === 'Jetzt starten');
        await s.tabTo((f) => f.href === `/gemeinden/${m.ags}` && f.text.startsWith('Alle Online-Dienste'));
        await page.keyboard.press('Enter');
        await page.waitForURL(`**/gemeinden/${m.ags}`);
      }
    }
  } finally {
    await s.close();
  }
});

test('JavaScript off: chooser, error summary, search and every service page work', async () => {
  const s = await openScenario(browser, { test: 'portal-desktop-nojs', profile: 'desktop', javaScript: false });
  const { page } = s;
  try {
    // The error path: "Weiter" without a municipality.
    await s.goto(`${server.url}/`, 'start');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.waitForURL(/\?gemeinde=$/);
    await s.checkPage('start-fehler');
    assert.match(await page.title(), /^Fehler: /);
    const summary = page.getByRole('alert');
    assert.match(await summary.innerText(), /Es gibt ein Problem[\s\S]*Wählen Sie Ihre Gemeinde aus\./);
    await summary.getByRole('link').click();
    assert.equal(new URL(page.url()).hash, '#f-gemeinde');

    for (const m of municipalities) {
      await page.getByLabel('Ihre Gemeinde').selectOption(m.ags);
      await page.getByRole('button', { name: 'Weiter' }).click();
      await page.waitForURL(`**/gemeinden/${m.ags}`);
      await s.checkPage(`gemeinde-${m.ags}`);
      for (const service of m.services) {
        await page.locator(`a[href="${servicePath(m, service)}"]`).click();
        await page.waitForURL(`**${servicePath(m, service)}`);
        await s.checkPage(`${m.ags}-${service.process}`);
        await expectServicePage(s, m, service);
        await page.goBack();
      }
      await s.goto(`${server.url}/`, 'start');
    }

    // Search from the start page, then a result.
    await page.getByLabel('Name der Leistung').fill('hund');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL(/\/suche\?q=hund/);
    await s.checkPage('suche-hund');
    const result = page.locator('a[href*="/leistungen/hund-anmelden"]').first();
    await result.click();
    await page.waitForURL(/\/leistungen\/hund-anmelden$/);
    await s.checkPage('suche-treffer');

    await s.goto(`${server.url}/suche?q=`, 'suche-leer');
    // Real services that are not online here yet (OZG catalogue), with their external links.
    await s.goto(`${server.url}/suche?q=Umzug&gemeinde=08111000`, 'suche-nicht-online');
    assert.ok(await page.getByRole('heading', { name: 'Noch nicht online bei Stuttgart' }).isVisible());
    assert.ok(await page.getByText('Wohnsitz anmelden', { exact: true }).isVisible());
    const missing = await page.goto(`${server.url}/gemeinden/00000000`);
    assert.equal(missing.status(), 404);
    await s.checkPage('404');
  } finally {
    await s.close();
  }
});

// The designer's preview (sandbox): from the banner to the list, a process with its example
// answers, a page the answers hide, back to the JSON the office would receive — on the phone,
// with JavaScript off; axe on every page.
test('phone, JavaScript off: the designer preview from the sandbox banner to the back-office JSON', async () => {
  const s = await openScenario(browser, { test: 'preview-phone-nojs', profile: 'phone', javaScript: false });
  const { page } = s;
  try {
    await s.goto(`${server.url}/`, 'start');
    await page.getByRole('link', { name: 'Vorschau für die Verfahrensgestaltung' }).click();
    await page.waitForURL('**/vorschau');
    await s.checkPage('vorschau-liste');
    await page.getByRole('button', { name: /^Vorschau öffnen für Meldebescheinigung beantragen, Stuttgart$/ }).click();
    await page.waitForURL(/\/antrag\/[0-9A-Z]{16}\/vorschau$/);
    await s.checkPage('vorschau-verfahren');
    const overview = page.url();
    assert.ok(await page.getByRole('heading', { name: 'Daten für das Fachverfahren' }).isVisible());
    const doc = JSON.parse(await page.locator('pre.aw-json').innerText());
    assert.equal(doc.service.process, 'meldebescheinigung');
    assert.equal(doc.municipality.ags, '08111000');
    // A page the example answers hide opens from the preview all the same.
    const hidden = page.locator('tr', { has: page.getByText('ausgeblendet', { exact: true }) }).first();
    assert.ok(await hidden.count() > 0, 'the example hides a page');
    await hidden.getByRole('link').click();
    await page.waitForURL(/\/seiten\/[^/?]+\?vorschau=1$/);
    await s.checkPage('vorschau-ausgeblendete-seite');
    await page.goto(overview);
    await page.getByRole('button', { name: 'Alle Antworten löschen' }).click();
    await page.waitForURL(overview);
    await s.checkPage('vorschau-unvollstaendig');
    assert.ok(await page.getByText('Der Antrag ist noch nicht vollständig', { exact: false }).isVisible());
  } finally {
    await s.close();
  }
});
