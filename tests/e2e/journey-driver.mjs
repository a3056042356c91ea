// Drives a person through one form journey in Chromium, page by page, from the answers a plan
// holds (the API's example answers plus the richer answers below). The form is filled from the
// process definition the API serves (GET /api/v1/processes/{process}?municipality=), so every
// field type and every page is reached the way the templates render it — ids as
// docs/citizen-journey.md fixes them ("hunde[0].name" -> #f-hunde-0-name).
//
// Two ways of acting on a page, with the same interface:
//   mouseActor(s)    clicks and fills (the phone and the JavaScript-off journeys)
//   keyboardActor(s) Tab/Shift+Tab, Space, Enter, arrow keys and typing only; every element the
//                    focus passes must show a visible focus indicator (browser.mjs tabTo)
import assert from 'node:assert/strict';

// A tiny but well-formed PDF, so the server's content check accepts it.
// The file dialog needs the focused window; see `file` below.
let fileDialogTurn = Promise.resolve();

export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n' +
  '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n' +
  '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\n' +
  'trailer <</Root 1 0 R>>\n%%EOF\n');
export const pdfFile = (name) => ({ name, mimeType: 'application/pdf', buffer: PDF });
// The wrong file type: plain text under a .pdf name.
export const fakePdf = (name) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from('Das ist kein PDF.\n') });

const FILE = (name) => ({ $file: name });

// Answers beyond the API's example, so each journey also passes conditional pages, conditional
// fields, repeatable entries and file uploads. Keys that a variant lacks are ignored.
export const RICH_ANSWERS = {
  bewohnerparkausweis: {
    nutzung: 'firmenwagen', fahrzeughalter: 'Beispiel GmbH',
    arbeitgeberbestaetigung: FILE('arbeitgeberbestaetigung.pdf'), laufzeit: '24',
  },
  geburtsurkunde: {
    beziehung: 'vollmacht', person_vorname: 'Max Moritz', person_nachname: 'Mustermann',
    person_geburtsdatum: '1960-02-29', vollmacht: FILE('vollmacht.pdf'), versandart: 'abweichend',
    versandanschrift: { strasse: 'Hauptstraße', hausnummer: '5a', plz: '79098', ort: 'Freiburg im Breisgau' },
  },
  'gewerbe-anmelden': {
    rechtsform: 'gbr', beschaeftigte: 2, erlaubnispflichtig: true, erlaubnisart: 'gaststaette',
    erlaubnis_behoerde: 'Amt für öffentliche Ordnung', erlaubnis_datum: '2026-10-01',
    erlaubnis_nachweis: FILE('erlaubnis.pdf'),
  },
  'hund-anmelden': {
    hunde: [
      { name: 'Bello', rasse: 'mischling', wurfdatum: '2024-05-01', haltungsbeginn: '2026-11-01', assistenzhund: false },
      { name: 'Luna', rasse: 'andere', rasse_freitext: 'Eurasier', wurfdatum: '2025-03-15',
        haltungsbeginn: '2026-11-15', chipnummer: '276098106543210', assistenzhund: false },
    ],
    tierheim_stuttgart: true, tierheim_nachweis: FILE('uebernahmevertrag.pdf'),
    lastschrift: true, kontoinhaber: 'Erika Mustermann', iban: 'DE89 3704 0044 0532 0130 00',
  },
  meldebescheinigung: {
    fuer_wen: 'vollmacht', art: 'erweitert', zusatzangaben: ['geburtsort', 'familienstand'],
    zweck: 'sonstiges', zweck_sonstiges: 'Antrag auf einen Kita-Platz', anzahl: 2,
    person_vorname: 'Max', person_nachname: 'Mustermann', person_geburtsdatum: '1990-07-14',
    person_anschrift: { strasse: 'Musterweg', hausnummer: '7', plz: '70173', ort: 'Stuttgart' },
    vollmacht: FILE('vollmacht.pdf'),
  },
};

// The second person of a GbR: a third-country national, so the residence-permit upload shows.
function gewerbePartners(example) {
  const first = example.gesellschafter?.[0] ?? {};
  return [first, { ...first, vorname: 'Ayşe', nachname: 'Yılmaz', geburtsort: 'İzmir',
    staatsangehoerigkeit: 'tr', aufenthaltstitel: FILE('aufenthaltstitel.pdf') }];
}

export function planFor(process, example) {
  const plan = { ...example, ...(RICH_ANSWERS[process] ?? {}) };
  if (process === 'gewerbe-anmelden') plan.gesellschafter = gewerbePartners(example);
  return plan;
}

// --- names and ids as the templates make them ---
export const inputId = (name) => `f-${name.replace(/[.[\]]/g, '-').replace(/-+/g, '-').replace(/-$/, '')}`;
const joinName = (prefix, id) => (prefix ? `${prefix}.${id}` : id);
const css = (text) => text.replace(/["\\]/g, '\\$&');

function germanNumber(value) {
  return String(value).replace('.', ',');
}

// The steps that fill one field (recursively for groups), in the order of the page.
function* fieldSteps(field, value, name) {
  if (value === undefined || value === null) return;
  switch (field.type) {
    case 'address':
    case 'group':
      for (const child of field.fields ?? []) yield* fieldSteps(child, value[child.id], joinName(name, child.id));
      return;
    case 'repeat':
      for (let i = 0; i < value.length; i++) {
        for (const child of field.fields ?? []) {
          yield* fieldSteps(child, value[i]?.[child.id], joinName(`${name}[${i}]`, child.id));
        }
      }
      return;
    case 'date': {
      const [y, m, d] = value.split('-');
      yield { kind: 'text', id: `${inputId(name)}-tag`, text: String(Number(d)) };
      yield { kind: 'text', id: `${inputId(name)}-monat`, text: String(Number(m)) };
      yield { kind: 'text', id: `${inputId(name)}-jahr`, text: y };
      return;
    }
    case 'select':
      yield { kind: 'select', id: inputId(name), value: String(value) };
      return;
    case 'radio':
      yield { kind: 'radio', name, value: String(value) };
      return;
    case 'yesno':
      yield { kind: 'radio', name, value: value ? 'ja' : 'nein' };
      return;
    case 'checkbox':
      yield { kind: 'checkboxes', name, values: value.map(String) };
      return;
    case 'file':
      if (value.$file) yield { kind: 'file', id: inputId(name), file: pdfFile(value.$file) };
      return;
    case 'number':
    case 'money':
      yield { kind: 'text', id: inputId(name), text: germanNumber(value) };
      return;
    default:
      yield { kind: 'text', id: inputId(name), text: String(value) };
  }
}

export function pageSteps(pageDef, plan) {
  const steps = [];
  for (const field of pageDef.fields) steps.push(...fieldSteps(field, plan[field.id], field.id));
  return steps;
}

// A step applies only while its control is shown (conditional fields the answers hide are
// skipped; with JavaScript off they show after the server has seen the controlling answer).
async function stepVisible(page, step) {
  const selector = step.id ? `#${css(step.id)}` : `input[name="${css(step.name)}"]`;
  return page.locator(selector).first().isVisible();
}

// Runs `action` and waits until the document it causes has loaded.
export async function navigating(page, action) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
}

// ---------------------------------------------------------------------------------------------
export function mouseActor(s) {
  const { page } = s;
  return {
    name: 'mouse',
    async text(step) {
      await page.locator(`#${css(step.id)}`).fill(step.text);
    },
    async select(step) {
      await page.locator(`#${css(step.id)}`).selectOption(step.value);
    },
    async radio(step) {
      await page.locator(`input[name="${css(step.name)}"][value="${css(step.value)}"]`).check();
    },
    async checkboxes(step) {
      const boxes = page.locator(`input[type=checkbox][name="${css(step.name)}"]`);
      for (const box of await boxes.all()) {
        await box.setChecked(step.values.includes(await box.getAttribute('value')));
      }
    },
    async file(step) {
      await page.locator(`#${css(step.id)}`).setInputFiles(step.file);
    },
    // Presses a button or follows a link ({locator, focus}: how the mouse and the keyboard find
    // it); waits for the next document.
    async activate(target) {
      await navigating(page, () => target.locator.click());
    },
  };
}

export function keyboardActor(s) {
  const { page } = s;
  const maxTabs = 400;
  const tabToId = (id) => s.tabTo((f) => f.id === id, { maxTabs });
  return {
    name: 'keyboard',
    async text(step) {
      await tabToId(step.id);
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.type(step.text);
    },
    // A closed select changes its value with the arrow keys.
    async select(step) {
      await tabToId(step.id);
      const { current, target } = await page.locator(`#${css(step.id)}`).evaluate((el, value) => ({
        current: el.selectedIndex,
        target: [...el.options].findIndex((o) => o.value === value),
      }), step.value);
      assert.ok(target >= 0, `no option ${step.value} in #${step.id}`);
      const key = target > current ? 'ArrowDown' : 'ArrowUp';
      for (let i = 0; i < Math.abs(target - current); i++) await page.keyboard.press(key);
      assert.equal(await page.locator(`#${css(step.id)}`).inputValue(), step.value);
    },
    // Tab enters the group (on the checked radio, or the first); arrows move and check; Space
    // checks the focused one.
    async radio(step) {
      let f = await s.tabTo((x) => x.type === 'radio' && x.name === step.name, { maxTabs });
      const count = await page.locator(`input[type=radio][name="${css(step.name)}"]`).count();
      for (let i = 0; i <= count && f.value !== step.value; i++) {
        await page.keyboard.press('ArrowDown');
        f = await s.focused();
      }
      assert.equal(f.value, step.value, `radio ${step.name}=${step.value} not reached by arrow keys`);
      if (!f.checked) await page.keyboard.press('Space');
      assert.ok(await page.locator(`input[name="${css(step.name)}"][value="${css(step.value)}"]`).isChecked());
    },
    async checkboxes(step) {
      const boxes = await page.locator(`input[type=checkbox][name="${css(step.name)}"]`).all();
      for (const box of boxes) {
        const id = await box.getAttribute('id');
        const want = step.values.includes(await box.getAttribute('value'));
        const f = await tabToId(id);
        if (f.checked !== want) await page.keyboard.press('Space');
      }
    },
    // Space on a file input opens the chooser; the person picks the file there.
    // (A file dialog opens only in the focused window: with journeys side by side, this one is
    // brought to the front first, as a person would switch to it.)
    // Journeys running side by side take turns (fileDialogTurn): two pages brought to the front
    // at once would take the focus from each other, and the dialog would not open (a flake seen
    // in CI).
    async file(step) {
      await tabToId(step.id);
      const open = async () => {
        let chooser = null;
        for (const key of ['Space', 'Enter']) {
          await page.bringToFront();
          [chooser] = await Promise.all([
            page.waitForEvent('filechooser', { timeout: 5000 }).catch(() => null), page.keyboard.press(key)]);
          if (chooser) break;
        }
        assert.ok(chooser, `Space/Enter on #${step.id} opens the file dialog`);
        await chooser.setFiles(step.file);
      };
      const turn = fileDialogTurn.then(open, open);
      fileDialogTurn = turn.catch(() => {});
      await turn;
    },
    async activate(target) {
      await s.tabTo(target.focus, { maxTabs });
      await navigating(page, () => page.keyboard.press('Enter'));
    },
  };
}

export async function applyStep(actor, page, step) {
  if (!(await stepVisible(page, step))) return false;
  await actor[step.kind === 'checkboxes' ? 'checkboxes' : step.kind](step);
  return true;
}
