// The citizen journey in Chromium for every demo service (issue 4, point 9): from the service
// page ("Jetzt starten") through every form page, "Angaben prüfen" and "Antrag absenden" to the
// confirmation with its reference number —
//   (a) with the mouse on a 375 px phone, (b) keyboard-only on a 1280 px desktop (every focused
//   element shows its focus), (c) with JavaScript off;
// then the error paths (missing answer, impossible date, a text file named .pdf) on phone and
// desktop, and, with JavaScript, conditional fields and the fee changing without a page load.
// axe-core (WCAG 2.1 A/AA) checks every page visited, error states included; screenshots land in
// tests/e2e/screenshots/journey-<mode>-<ags>-<service>/NN-<step>.png.
//
// AMTSWEG_E2E_ONLY=<process> limits the journeys to one process (for working on the pages).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json } from '../lib/server.mjs';
import { launchBrowser, openScenario } from './browser.mjs';
import {
  applyStep, fakePdf, inputId, keyboardActor, mouseActor, pageSteps, pdfFile, planFor,
} from './journey-driver.mjs';

let server;
let browser;
let services = [];  // [{m, service, def, example, plan}]
const timings = [];

before(async () => {
  server = await startServer({ command: 'demo' });
  browser = await launchBrowser();
  const only = process.env.AMTSWEG_E2E_ONLY;
  for (const m of (await json(`${server.url}/api/v1/municipalities`)).body) {
    for (const service of (await json(`${server.url}/api/v1/municipalities/${m.ags}/services`)).body) {
      if (only && service.process !== only) continue;
      const q = `?municipality=${m.ags}`;
      const def = (await json(`${server.url}/api/v1/processes/${service.process}${q}`)).body;
      const example = (await json(`${server.url}/api/v1/processes/${service.process}/example${q}`)).body;
      assert.ok(Array.isArray(def.pages) && def.pages.length > 0, `${service.process} has pages`);
      services.push({ m, service, def, example, plan: planFor(service.process, example) });
    }
  }
  assert.ok(services.length >= (only ? 1 : 10), `${services.length} services`);
});

after(async () => {
  timings.sort((a, b) => a.mode.localeCompare(b.mode));
  for (const t of timings) console.log(`${t.mode.padEnd(8)} ${t.name.padEnd(32)} ${t.pages} pages, axe on ${t.axe}, ${t.ms} ms`);
  await browser?.close();
  const code = await server?.stop();
  server?.cleanup();
  assert.equal(code, 0, 'graceful shutdown exits 0');
});

// axe runs on every error state, and on every other page once per mode and distinct page: a form
// page once per process and set of fields (variants that add fields count as their own page), the
// review once per process, the service and confirmation pages once per mode (portal.test.mjs
// checks every service page). The same page in another municipality differs only in its texts;
// running axe there too would more than double the suite's time (AMTSWEG_E2E_AXE=all does).
const axeSeen = new Set();
function check(s, svc, step, { error = false, pageDef = null } = {}) {
  const what = pageDef ? `${svc.service.process}|${step}|${fieldIds(pageDef.fields).join(',')}`
    : step === 'pruefen' ? `${svc.service.process}|${step}` : step;
  const key = `${s.mode}|${what}`;
  const axe = error || process.env.AMTSWEG_E2E_AXE === 'all' || !axeSeen.has(key);
  axeSeen.add(key);
  if (axe) s.axeRuns = (s.axeRuns ?? 0) + 1;
  return s.checkPage(error ? `${step}-fehler` : step, { axe });
}
const fieldIds = (fields) => fields.flatMap((f) => [f.id, ...fieldIds(f.fields ?? [])]);

const servicePath = ({ m, service }) => `/gemeinden/${m.ags}/leistungen/${service.process}`;
const draftPage = (page) => new URL(page.url()).pathname.match(/^\/antrag\/([0-9A-Z]+)\/seiten\/([^/]+)$/);
const pathOf = (page) => new URL(page.url()).pathname;

// The controls the journey presses, for the mouse (locator) and the keyboard (focus predicate).
const buttons = {
  start: (page) => ({
    locator: page.getByRole('button', { name: 'Jetzt starten' }),
    focus: (f) => f.tag === 'button' && f.text === 'Jetzt starten',
  }),
  next: (page) => ({
    locator: page.locator('.aw-form-buttons button[value="weiter"]'),
    focus: (f) => f.tag === 'button' && f.value === 'weiter',
  }),
  add: (page, repeatId) => ({
    locator: page.locator(`#${repeatId}-hinzufuegen`),
    focus: (f) => f.id === `${repeatId}-hinzufuegen`,
  }),
  submit: (page) => ({
    locator: page.getByRole('button', { name: 'Antrag absenden' }),
    focus: (f) => f.tag === 'button' && f.text === 'Antrag absenden',
  }),
};

async function errorSummary(page) {
  const alert = page.locator('#fehlerliste');
  return (await alert.count()) > 0 ? (await alert.innerText()).replace(/\s+/g, ' ') : null;
}

// Adds entries to each repeatable group until it has as many as the plan.
async function ensureEntries(s, actor, pageDef, plan) {
  for (const field of pageDef.fields.filter((f) => f.type === 'repeat')) {
    const want = plan[field.id]?.length ?? 0;
    const entries = () => s.page.locator(`#${inputId(field.id)} > fieldset.aw-repeat-entry`).count();
    for (let have = await entries(); have < want; have++) {
      await actor.activate(buttons.add(s.page, inputId(field.id)));
      assert.equal(await entries(), have + 1, `"hinzufügen" adds an entry to ${field.id}`);
    }
  }
}

// One complete journey. A form page must never come back with errors (the answers are valid).
// Without JavaScript a page may come back once with the notice "Bitte ergänzen Sie noch": the
// questions the answers brought up on the same page show only after the server has seen them
// (then they are filled in and the page is sent again) — never as errors.
async function journey(s, actor, svc, { javaScript }) {
  const { page } = s;
  const started = Date.now();
  const res = await page.goto(`${server.url}${servicePath(svc)}`);
  assert.equal(res.status(), 200);
  await check(s, svc, 'leistung');
  await actor.activate(buttons.start(page));
  const rounds = {};
  let pages = 0;
  for (let match = draftPage(page); match; match = draftPage(page)) {
    const pageId = match[2];
    const pageDef = svc.def.pages.find((p) => p.id === pageId);
    assert.ok(pageDef, `unknown page ${pageId}`);
    const problems = await errorSummary(page);
    const notice = (await page.locator('#neue-fragen').count()) > 0;
    rounds[pageId] = (rounds[pageId] ?? 0) + 1;
    await check(s, svc, pageId, { error: Boolean(problems) || notice, pageDef });
    assert.equal(problems, null, `${pageId} has errors`);
    if (notice) {
      assert.ok(!javaScript, `${pageId}: with JavaScript the questions showed at once`);
      assert.ok(rounds[pageId] <= 2, `${pageId} asks for more again`);
      assert.doesNotMatch(await page.title(), /^Fehler: /);
    }
    assert.ok(pages++ < 40, 'the journey ends');
    await ensureEntries(s, actor, pageDef, svc.plan);
    for (const step of pageSteps(pageDef, svc.plan)) await applyStep(actor, page, step);
    await actor.activate(buttons.next(page));
  }
  assert.equal(pathOf(page).replace(/^\/antrag\/[0-9A-Z]+/, ''), '/pruefen', `after the form: ${page.url()}`);
  await check(s, svc, 'pruefen');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Angaben prüfen');
  assert.equal(await errorSummary(page), null, 'the review has no open problems');
  const main = await page.locator('main').innerText();
  for (const answer of [svc.plan.vorname, svc.plan.betriebsname, svc.plan.email].filter(Boolean)) {
    assert.ok(main.includes(answer), `the review shows "${answer}"`);
  }
  assert.ok(await page.getByRole('link', { name: /^Ändern/ }).count() > 0, '"Ändern" links');
  await actor.activate(buttons.submit(page));
  assert.match(pathOf(page), /^\/antrag\/[0-9A-Z]+\/bestaetigung$/);
  await check(s, svc, 'bestaetigung');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Antrag eingereicht');
  const reference = (await page.locator('.reference').innerText()).trim();
  assert.match(reference, /^[0-9A-Z][0-9A-Z-]{5,}$/, 'a reference number');
  timings.push({ mode: s.mode, name: `${svc.m.ags}/${svc.service.process}`, pages, axe: s.axeRuns ?? 0,
    ms: Date.now() - started });
  return reference;
}

async function eachService(mode, options, run) {
  for (const svc of services) {
    const s = await openScenario(browser, { test: `journey-${mode}-${svc.m.ags}-${svc.service.process}`, ...options });
    s.mode = mode;
    try {
      await run(s, svc);
    } catch (e) {
      e.message = `${mode} ${svc.m.ags}/${svc.service.process} at ${s.page.url()}: ${e.message}`;
      throw e;
    } finally {
      await s.close();
    }
  }
}

// The three journeys of every service run side by side (each in its own browser context): most
// of their time is spent waiting for pages, not computing.
describe('every demo service', { concurrency: 3 }, () => {
  test('(a) phone, mouse: every demo service from "Jetzt starten" to the reference number', async () => {
    let first = true;
    await eachService('phone', { profile: 'phone' }, async (s, svc) => {
      const reference = await journey(s, mouseActor(s), svc, { javaScript: true });
      if (!first) return;
      first = false;
      // Once: the button on the confirmation shows the status with the submitted answers.
      await mouseActor(s).activate({ locator: s.page.getByRole('button', { name: 'Status ansehen' }) });
      await s.checkPage('status');
      assert.equal(await s.page.getByRole('heading', { level: 1 }).innerText(), 'Antragsstatus');
      assert.ok((await s.page.locator('main').innerText()).includes(reference));
    });
  });

  test('(b) desktop, keyboard only: every demo service, focus always visible', async () => {
    await eachService('keyboard', { profile: 'desktop' }, async (s, svc) => {
      await journey(s, keyboardActor(s), svc, { javaScript: true });
    });
  });

  test('(c) JavaScript off: every demo service', async () => {
    await eachService('nojs', { profile: 'desktop', javaScript: false }, async (s, svc) => {
      await journey(s, mouseActor(s), svc, { javaScript: false });
    });
  });
});

// --- error paths -----------------------------------------------------------------------------

// The error summary at the top: role=alert, "Es gibt ein Problem", one link per field error to
// its input; following a link puts the focus on that input. Returns the links' targets.
async function expectErrorSummary(s, expectedIds) {
  const { page } = s;
  assert.match(await page.title(), /^Fehler: /, 'the title starts with "Fehler: "');
  const summary = page.getByRole('alert');
  assert.equal(await summary.count(), 1);
  assert.match(await summary.innerText(), /^Es gibt ein Problem/);
  const box = await summary.boundingBox();
  const h1 = await page.getByRole('heading', { level: 1 }).boundingBox();
  assert.ok(box.y < h1.y, 'the summary is above the heading');
  const targets = await summary.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.deepEqual(targets.map((t) => t.replace(/^#/, '')), expectedIds);
  for (const id of expectedIds) {
    // The input itself is marked, or (a date, an address) the fieldset around it points to the
    // message.
    const marked = await page.locator(`#${id}`).evaluate((el) => {
      const ids = (node) => (node?.getAttribute('aria-describedby') ?? '').split(/\s+/);
      const own = el.getAttribute('aria-invalid') === 'true' && ids(el).some((x) => x.endsWith('-error'));
      const group = ids(el.closest('fieldset')).some((x) => x.endsWith('-error'));
      return own || group;
    });
    assert.ok(marked, `#${id} (or its fieldset) is marked invalid and points to its message`);
  }
  return targets;
}

async function followSummaryLink(s, href) {
  const { page } = s;
  await page.getByRole('alert').locator(`a[href="${href}"]`).click();
  assert.equal(new URL(page.url()).hash, href);
  assert.equal(await page.evaluate(() => document.activeElement?.id), href.slice(1), `focus on ${href}`);
  assert.ok(await page.locator(href).isVisible());
}

async function errorPaths(mode, options) {
  const svc = services.find((x) => x.service.process === 'meldebescheinigung');
  assert.ok(svc, 'meldebescheinigung is a demo service');
  const s = await openScenario(browser, { test: `journey-${mode}-fehler-${svc.service.process}`, ...options });
  s.mode = mode;
  const { page } = s;
  const actor = mouseActor(s);
  const pageDef = (id) => svc.def.pages.find((p) => p.id === id);
  const fill = async (id, answers) => {
    for (const step of pageSteps(pageDef(id), answers)) await applyStep(actor, page, step);
  };
  const next = () => actor.activate(buttons.next(page));
  try {
    await page.goto(`${server.url}${servicePath(svc)}`);
    await actor.activate(buttons.start(page));
    await s.checkPage('antragsteller');

    // 1. Nothing filled in: every required field is listed and linked.
    await next();
    await s.checkPage('fehlend');
    const missing = await expectErrorSummary(s, ['f-vorname', 'f-nachname', 'f-geburtsdatum-tag',
      'f-anschrift-strasse', 'f-email']);
    assert.match(await page.locator('#f-vorname-error').innerText(), /Vorname/);
    await followSummaryLink(s, missing[2]);

    // 2. Wrong formats, both at once: 31.02. and an e-mail address without domain. Both are
    // reported in one round, the answers stay.
    await fill('antragsteller', { ...svc.example, geburtsdatum: undefined, email: 'erika.mustermann@' });
    await page.locator('#f-geburtsdatum-tag').fill('31');
    await page.locator('#f-geburtsdatum-monat').fill('2');
    await page.locator('#f-geburtsdatum-jahr').fill('1990');
    await next();
    await s.checkPage('formate');
    const formats = await expectErrorSummary(s, ['f-geburtsdatum-tag', 'f-email']);
    assert.match(await page.locator('#f-geburtsdatum-error').innerText(), /gültiges Datum/);
    assert.match(await page.locator('#f-email-error').innerText(), /E-Mail/);
    assert.equal(await page.locator('#f-geburtsdatum-tag').inputValue(), '31', 'the day typed stays');
    assert.equal(await page.locator('#f-email').inputValue(), 'erika.mustermann@');
    assert.equal(await page.locator('#f-vorname').inputValue(), svc.example.vorname, 'valid answers stay');
    await followSummaryLink(s, formats[0]);
    await followSummaryLink(s, formats[1]);
    await fill('antragsteller', svc.example);
    await next();

    // 3. A text file named .pdf where a PDF, JPG or PNG is expected.
    assert.match(pathOf(page), /\/seiten\/bescheinigung$/);
    await fill('bescheinigung', { ...svc.example, fuer_wen: 'vollmacht' });
    await next();
    assert.match(pathOf(page), /\/seiten\/vertretung$/);
    const person = RICH_PERSON;
    await fill('vertretung', person);
    await page.locator('#f-vollmacht').setInputFiles(fakePdf('vollmacht.pdf'));
    await next();
    await s.checkPage('dateityp');
    const file = await expectErrorSummary(s, ['f-vollmacht']);
    assert.match(await page.locator('#f-vollmacht-error').innerText(), /„vollmacht\.pdf“ hat nicht das richtige Format.*PDF/s);
    assert.equal(await page.getByText('Hochgeladen:').count(), 0, 'a refused file is not kept');
    assert.equal(await page.locator('#f-person_nachname').inputValue(), person.person_nachname);
    await followSummaryLink(s, file[0]);
    await page.locator('#f-vollmacht').setInputFiles(pdfFile('vollmacht.pdf'));
    await next();
    assert.match(pathOf(page), /\/pruefen$/);
    await s.checkPage('pruefen');
  } finally {
    await s.close();
  }
}

const RICH_PERSON = {
  person_vorname: 'Max', person_nachname: 'Mustermann', person_geburtsdatum: '1990-07-14',
  person_anschrift: { strasse: 'Musterweg', hausnummer: '7', plz: '70173', ort: 'Stuttgart' },
};

test('error paths on the phone (JavaScript on): missing answers, wrong formats, wrong file type', async () => {
  await errorPaths('phone', { profile: 'phone' });
});

test('error paths on the desktop (JavaScript off): missing answers, wrong formats, wrong file type', async () => {
  await errorPaths('nojs', { profile: 'desktop', javaScript: false });
});

// --- JavaScript: the same rules in the browser -------------------------------------------------

// Runs `change` and checks that no document was loaded meanwhile.
async function withoutPageLoad(page, change) {
  await page.evaluate(() => { window.awSamePage = true; });
  await change();
  assert.equal(await page.evaluate(() => window.awSamePage), true, 'no page load');
}

test('JavaScript on: conditional fields appear and disappear at once, the fee updates live', async () => {
  const s = await openScenario(browser, { test: 'journey-desktop-js-live', profile: 'desktop' });
  s.mode = 'js';
  const { page } = s;
  const actor = mouseActor(s);
  const feeText = async () => (await page.locator('#gebuehr-betrag').innerText()).replace(/\u00a0/g, ' ');
  const field = (name) => page.locator(`.aw-field[data-name="${name}"]`);
  try {
    const melde = services.find((x) => x.service.process === 'meldebescheinigung');
    await page.goto(`${server.url}${servicePath(melde)}`);
    await actor.activate(buttons.start(page));
    for (const step of pageSteps(melde.def.pages[0], melde.example)) await applyStep(actor, page, step);
    await actor.activate(buttons.next(page));
    assert.match(pathOf(page), /\/seiten\/bescheinigung$/);
    await s.checkPage('bescheinigung');
    await withoutPageLoad(page, async () => {
      assert.ok(await field('zusatzangaben').isHidden());
      await page.getByLabel('Erweiterte Meldebescheinigung').check();
      assert.ok(await field('zusatzangaben').isVisible(), 'shown when "erweitert" is chosen');
      await page.locator('#f-zweck').selectOption('sonstiges');
      assert.ok(await field('zweck_sonstiges').isVisible());
      await s.checkPage('bescheinigung-erweitert');
      await page.getByLabel(/^Einfache Meldebescheinigung/).check();
      assert.ok(await field('zusatzangaben').isHidden(), 'hidden again for "einfach"');
      await page.locator('#f-zweck').selectOption('bank');
      assert.ok(await field('zweck_sonstiges').isHidden());

      await page.locator('#f-anzahl').fill('3');
      assert.equal(await feeText(), '21,00 €');
      await page.locator('#f-anzahl').fill('2');
      assert.equal(await feeText(), '14,00 €');
      await page.locator('#f-zweck').selectOption('rente');
      assert.equal(await feeText(), '0,00 €', 'free for the pension insurance');
    });

    // A fee over repeatable entries, and rules about the entry itself ("item").
    // Stuttgart: 144 € for the first dog, 816 € for a dangerous one, nothing for an assistance dog.
    const hund = services.find((x) => x.service.process === 'hund-anmelden' && x.m.ags === '08111000');
    assert.ok(hund, 'Stuttgart offers hund-anmelden');
    await page.goto(`${server.url}${servicePath(hund)}`);
    await actor.activate(buttons.start(page));
    for (const step of pageSteps(hund.def.pages[0], hund.example)) await applyStep(actor, page, step);
    await actor.activate(buttons.next(page));
    assert.match(pathOf(page), /\/seiten\/hunde$/);
    await withoutPageLoad(page, async () => {
      await page.locator('#f-hunde-0-rasse').selectOption('mischling');
      await page.locator('input[name="hunde[0].assistenzhund"][value="nein"]').check();
      assert.equal(await feeText(), '144,00 €');
      await page.locator('#f-hunde-0-rasse').selectOption('bullterrier');
      assert.equal(await feeText(), '816,00 €', 'a dangerous breed');
      assert.ok(await field('hunde[0].rasse_freitext').isHidden());
      await page.locator('#f-hunde-0-rasse').selectOption('andere');
      assert.ok(await field('hunde[0].rasse_freitext').isVisible(), '"Welche Rasse?" for another breed');
      await page.locator('input[name="hunde[0].assistenzhund"][value="ja"]').check();
      assert.ok(await field('hunde[0].assistenzhund_nachweis').isVisible());
      assert.equal(await feeText(), '0,00 €', 'an assistance dog is free');
      await s.checkPage('hunde-live');
    });
  } finally {
    await s.close();
  }
});
