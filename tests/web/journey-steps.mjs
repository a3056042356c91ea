// Steps of the citizen journey as a browser without JavaScript takes them, shared by the web
// suites (journey.test.mjs, usage.test.mjs): start a draft, fill a page, add repeat entries.
import assert from 'node:assert/strict';
import { assertFrame } from './html.mjs';
import { readForm, pageText, answersToFields } from './browser.mjs';

export const draftOf = (location) => location.match(/^\/antrag\/([0-9A-Z]{16})\//)?.[1];

// Presses "Jetzt starten" on the service page; returns {draft, res} with res the first page.
export async function startDraft(b, ags, process) {
  const service = await b.get(`/gemeinden/${ags}/leistungen/${process}`);
  assert.equal(service.status, 200);
  const form = readForm(service.body, '/antrag');
  assert.ok(form, 'the service page has the "Jetzt starten" form');
  assert.match(form.html, /Jetzt starten/);
  const started = await b.post(form.action, form.hidden);
  assert.equal(started.status, 303, started.body);
  const location = started.headers.get('location');
  const draft = draftOf(location);
  assert.ok(draft, location);
  assert.ok(b.cookies.has(`aw_${draft}`), 'the draft cookie is set');
  const res = await b.get(location);
  assert.equal(res.status, 200);
  return { draft, res };
}

export const pageIdOf = (url) => url.match(/\/seiten\/([^/?#]+)/)?.[1];

// Makes the repeats on the page offer as many entries as `repeats` asks for ("hinzufuegen").
export async function ensureEntries(b, res, repeats) {
  for (const { path, count } of repeats) {
    for (let guard = 0; guard < 20; ++guard) {
      const form = readForm(res.body);
      const offered = Number(form.hidden.find(([k]) => k === `${path}.anzahl`)?.[1]);
      assert.ok(Number.isInteger(offered), `the page carries ${path}.anzahl`);
      if (offered >= count) break;
      const added = await b.submit(form, [['aktion', `hinzufuegen:${path}`]]);
      assert.equal(added.status, 303, added.body);
      assert.match(added.headers.get('location'), /#f-/);
      res = await b.get(added.headers.get('location').replace(/#.*/, ''));
      assert.equal(res.status, 200);
    }
  }
  return res;
}

// Fills the current page with `answers` and presses "Weiter"; returns the 303's location.
export async function fillPage(b, res, definition, answers) {
  const page = definition.pages.find((p) => p.id === pageIdOf(res.url));
  assert.ok(page, `page of ${res.url}`);
  assertFrame(res, { sandbox: true });
  const { fields, files, repeats } = answersToFields(page.fields, answers);
  res = await ensureEntries(b, res, repeats);
  const form = readForm(res.body);
  for (const [name] of [...fields, ...files.map((f) => [f.name])]) {
    assert.ok(form.names.has(name), `${definition.id}/${page.id}: the page has an input named ${name}`);
  }
  assert.ok(form.buttons.includes('weiter'));
  const sent = await b.submit(form, [...fields, ['aktion', 'weiter']], files);
  if (sent.status !== 303) {
    const summary = sent.body.match(/<ul class="kern-list">([\s\S]*?)<\/ul>/)?.[1];
    assert.fail(`${definition.id}/${page.id}: "Weiter" answered ${sent.status}: ${pageText(summary ?? sent.body).slice(0, 600)}`);
  }
  return sent.headers.get('location');
}
