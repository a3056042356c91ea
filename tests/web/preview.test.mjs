// The process designer's preview (issue 4, point 7) through the real binary: the list of every
// offered process, a preview draft with the example answers, jumping to any page (also one the
// answers hide), the JSON document the back office would receive, resetting the answers, CSRF,
// and that the preview does not exist outside the sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json } from '../lib/server.mjs';
import { title, assertFrame } from './html.mjs';
import { Browser, decode, readForm } from './browser.mjs';

let demo;   // sandbox
let serve;  // the same database without sandbox
const services = [];

before(async () => {
  demo = await startServer({ command: 'demo' });
  serve = await startServer({ command: 'serve', db: demo.db });
  for (const m of (await json(`${demo.url}/api/v1/municipalities`)).body) {
    for (const s of (await json(`${demo.url}/api/v1/municipalities/${m.ags}/services`)).body) {
      services.push({ ags: m.ags, name: m.name, process: s.process, title: s.title });
    }
  }
});

after(async () => {
  const codes = [await serve?.stop(), await demo?.stop()];
  serve?.cleanup();
  demo?.cleanup();
  assert.deepEqual(codes, [0, 0], 'graceful shutdown exits 0');
});

// The back-office document shown on the preview page.
function documentOf(html) {
  const m = html.match(/<pre class="aw-json"[^>]*><code>([\s\S]*?)<\/code><\/pre>/);
  assert.ok(m, 'the page shows the back-office JSON');
  return JSON.parse(decode(m[1]));
}

async function openPreview(b, ags, processId) {
  let res = await b.post(`/vorschau/${ags}/${processId}`, []);
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /^\/antrag\/[0-9A-Z]{16}\/vorschau$/);
  const overview = res.headers.get('location');
  res = await b.get(overview);
  assert.equal(res.status, 200);
  return { overview, res };
}

test('the preview lists every offered process of every municipality, linked from the sandbox banner', async () => {
  const b = new Browser(demo.url);
  const home = await b.get('/');
  assert.match(home.body, /<a class="aw-sandbox__link" href="\/vorschau">/);
  const res = await b.get('/vorschau');
  assert.equal(res.status, 200);
  assertFrame(res, { sandbox: true });
  assert.equal(title(res.body), 'Vorschau für die Verfahrensgestaltung – amtsweg');
  for (const s of services) {
    assert.ok(res.body.includes(`action="/vorschau/${s.ags}/${s.process}"`), `${s.ags}/${s.process} listed`);
  }
  assert.equal((res.body.match(/action="\/vorschau\//g) || []).length, services.length);
});

test('a preview starts with the example answers and shows the document the office would receive', async () => {
  const b = new Browser(demo.url);
  const { res } = await openPreview(b, '08111000', 'hund-anmelden');
  assertFrame(res, { sandbox: true });
  assert.match(res.body, /Die Antworten sind vollständig/);
  const doc = documentOf(res.body);
  const example = (await json(`${demo.url}/api/v1/processes/hund-anmelden/example?municipality=08111000`)).body;
  assert.equal(doc.format, 'amtsweg.antrag/1');
  assert.equal(doc.reference, null, 'the reference is made on submission');
  assert.equal(doc.test_data, true);
  assert.equal(doc.service.process, 'hund-anmelden');
  assert.equal(doc.service.variant, 'hund-anmelden-stuttgart');
  assert.match(doc.service.leika, /^\d{14}$/);
  assert.deepEqual(doc.municipality, { ags: '08111000', name: 'Stuttgart' });
  assert.ok(doc.office.id && doc.office.name);
  assert.equal(doc.fee.currency, 'EUR');
  assert.ok(doc.fee.cents > 0, 'the example dog costs tax');
  assert.equal(doc.data.nachname, example.nachname);
  assert.equal(doc.data.hunde.length, example.hunde.length);
  // The same answers through the API cost the same fee: one fee rule, one document.
  const submitted = await fetch(`${demo.url}/api/v1/applications`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ process: 'hund-anmelden', municipality: '08111000', data: example }),
  }).then((r) => r.json());
  assert.equal(submitted.fee.cents, doc.fee.cents);
});

test('every page can be opened from the preview, also one the current answers hide', async () => {
  const b = new Browser(demo.url);
  const { overview, res } = await openPreview(b, '08111000', 'meldebescheinigung');
  const def = (await json(`${demo.url}/api/v1/processes/meldebescheinigung?municipality=08111000`)).body;
  const hiddenPage = def.pages.find((p) => p.visible_if);
  assert.ok(hiddenPage, 'meldebescheinigung has a conditional page');
  for (const p of def.pages) {
    assert.ok(res.body.includes(`/seiten/${p.id}?vorschau=1"`), `link to ${p.id}`);
  }
  const example = (await json(`${demo.url}/api/v1/processes/meldebescheinigung/example?municipality=08111000`)).body;
  const draft = overview.replace(/\/vorschau$/, '');
  if (example.fuer_wen !== 'vollmacht') {
    assert.match(res.body, /<strong>ausgeblendet<\/strong>/);
    // A citizen's link to the hidden page leads back; the preview's link opens it.
    const plain = await b.get(`${draft}/seiten/${hiddenPage.id}`);
    assert.equal(plain.status, 303);
  }
  const shown = await b.get(`${draft}/seiten/${hiddenPage.id}?vorschau=1`);
  assert.equal(shown.status, 200);
  assert.equal(title(shown.body), `${hiddenPage.title} – ${def.title} – amtsweg`);
  assert.ok(readForm(shown.body), 'the page is the citizen\'s form');
});

test('the answers can be cleared and the example put back; the document follows', async () => {
  const b = new Browser(demo.url);
  const { overview, res } = await openPreview(b, '08111000', 'hund-anmelden');
  const form = readForm(res.body, '/vorschau');
  assert.ok(form, 'the preview has its form');
  let after = await b.follow(await b.submit(form, [['aktion', 'leeren']]));
  assert.equal(after.status, 200);
  assert.match(after.body, /noch nicht vollständig/);
  assert.match(after.body, /<a class="kern-link" href="\/antrag\/[0-9A-Z]{16}\/seiten\/[^"#]+#f-/, 'problems link to fields');
  assert.deepEqual(documentOf(after.body).data, {});
  after = await b.follow(await b.submit(form, [['aktion', 'beispiel']]));
  assert.match(after.body, /Die Antworten sind vollständig/);
  assert.ok(documentOf(after.body).data.hunde.length > 0);

  const unknown = await b.submit(form, [['aktion', 'loeschen-alles']]);
  assert.equal(unknown.status, 400);
  const forged = await b.submit(form, [['csrf', '0'.repeat(64)], ['aktion', 'leeren']]);
  assert.equal(forged.status, 403);
  const crossSite = await b.post(overview, [...form.controls, ['aktion', 'leeren']], { origin: 'https://evil.example' });
  assert.equal(crossSite.status, 403);
  const stillThere = await b.get(overview);
  assert.match(stillThere.body, /Die Antworten sind vollständig/, 'refused posts change nothing');
  const stranger = new Browser(demo.url);
  assert.equal((await stranger.get(overview)).status, 404, 'only the browser holding the draft sees it');
});

test('a preview draft can be submitted like any sandbox application (test data)', async () => {
  const b = new Browser(demo.url);
  const { overview } = await openPreview(b, '08111000', 'hund-anmelden');
  const draft = overview.replace(/\/vorschau$/, '');
  const review = await b.get(`${draft}/pruefen`);
  assert.equal(review.status, 200);
  const res = await b.follow(await b.submit(readForm(review.body, '/absenden'), []));
  assert.equal(res.status, 200);
  assert.match(res.body, /Dies ist ein Testantrag/);
});

test('outside the sandbox there is no preview', async () => {
  const b = new Browser(serve.url);
  assert.equal((await b.get('/vorschau')).status, 404);
  assert.equal((await b.post('/vorschau/08111000/hund-anmelden', [])).status, 404);
  const home = await b.get('/');
  assert.doesNotMatch(home.body, /href="\/vorschau"/);
  // A draft opened in the sandbox server, viewed through the production server.
  const d = new Browser(demo.url);
  const { overview } = await openPreview(d, '08111000', 'meldebescheinigung');
  const s = new Browser(serve.url);
  s.cookies = d.cookies;
  assert.equal((await s.get(overview)).status, 404);
  const def = (await json(`${demo.url}/api/v1/processes/meldebescheinigung?municipality=08111000`)).body;
  const hidden = def.pages.find((p) => p.visible_if);
  const draft = overview.replace(/\/vorschau$/, '');
  assert.equal((await s.get(`${draft}/seiten/${hidden.id}?vorschau=1`)).status, 303, '?vorschau=1 means nothing here');
});
