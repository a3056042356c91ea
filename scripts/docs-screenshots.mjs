#!/usr/bin/env node
// Screenshots of the citizen journey for docs/citizen-journey.md: a person on a 375 px phone
// (JavaScript on) goes from the start page to the status of a submitted "Hund anmelden" in
// Stuttgart, with one error state, plus the designer preview. Writes small PNGs (viewport only,
// device scale 1) to docs/images/journey/. Run after a build:
//   node scripts/docs-screenshots.mjs [path/to/amtsweg]
// Uses the demo server, Chromium and the test drivers of tests/e2e; nothing is downloaded.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.AMTSWEG_BIN ??= process.argv[2] ?? path.join(root, 'build', 'amtsweg');
// After AMTSWEG_BIN is set: the server helper reads it when loaded.
const { startServer, json } = await import('../tests/lib/server.mjs');
const { launchBrowser } = await import('../tests/e2e/browser.mjs');
const { applyStep, mouseActor, navigating, pageSteps, planFor } = await import('../tests/e2e/journey-driver.mjs');
const out = path.join(root, 'docs', 'images', 'journey');
const AGS = '08111000';
const PROCESS = 'hund-anmelden';

const server = await startServer({ command: 'demo' });
const browser = await launchBrowser();
try {
  const context = await browser.newContext({
    viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1, locale: 'de-DE',
  });
  const page = await context.newPage();
  const actor = mouseActor({ page });
  let n = 0;
  const shot = async (name, { top = false } = {}) => {
    if (top) await page.evaluate(() => window.scrollTo(0, 0));
    const file = path.join(out, `${String(++n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, animations: 'disabled' });
    console.log(file);
  };
  const click = (locator) => navigating(page, () => locator.click());
  const q = `?municipality=${AGS}`;
  const def = (await json(`${server.url}/api/v1/processes/${PROCESS}${q}`)).body;
  const plan = planFor(PROCESS, (await json(`${server.url}/api/v1/processes/${PROCESS}/example${q}`)).body);

  await page.goto(`${server.url}/`);
  await shot('start');
  await page.goto(`${server.url}/gemeinden/${AGS}`);
  await shot('gemeinde');
  await page.goto(`${server.url}/gemeinden/${AGS}/leistungen/${PROCESS}`);
  await shot('leistung');
  await click(page.getByRole('button', { name: 'Jetzt starten' }));
  await shot('formular');
  await click(page.locator('.aw-form-buttons button[value="weiter"]'));
  await shot('fehler', { top: true });
  for (const pageDef of def.pages) {
    for (const step of pageSteps(pageDef, plan)) await applyStep(actor, page, step);
    if (pageDef.fields.some((f) => f.type === 'repeat')) {
      await page.locator('#gebuehr').scrollIntoViewIfNeeded();
      await shot('wiederholgruppe-und-gebuehr');
    }
    await click(page.locator('.aw-form-buttons button[value="weiter"]'));
  }
  await shot('pruefen');
  await click(page.getByRole('button', { name: 'Antrag absenden' }));
  await shot('bestaetigung');
  await click(page.getByRole('button', { name: 'Status ansehen' }));
  await shot('status');
  await page.goto(`${server.url}/vorschau`);
  await click(page.getByRole('button', { name: /^Vorschau öffnen für Hund anmelden in Stuttgart/ }));
  await page.getByRole('heading', { name: 'Daten für das Fachverfahren' }).scrollIntoViewIfNeeded();
  await shot('vorschau-daten');
} finally {
  await browser.close();
  await server.stop();
  server.cleanup();
}
