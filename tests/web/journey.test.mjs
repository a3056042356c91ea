// The citizen journey of issue 4 through the real binary, as a browser without JavaScript does
// it: start a draft on a service page, fill in every page from the API's example answers, review,
// submit, confirmation, status — for every demo service — plus the error paths (validation,
// CSRF, Origin, foreign browser, double submit, resume link), conditional fields and pages, and
// that answers never reach the access log. Runs on SQLite and PostgreSQL (tests/web/CMakeLists.txt).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, query, countRows } from '../lib/server.mjs';
import { title, assertFrame } from './html.mjs';
import {
  Browser, readForm, fieldWrapper, pageText, answersToFields, displayTexts, leaves,
} from './browser.mjs';
import { draftOf, startDraft, pageIdOf, ensureEntries, fillPage } from './journey-steps.mjs';

let server;
let services = [];  // [{ags, process, title}]
const definitions = new Map();  // `${ags}/${process}` -> definition (API)
const examples = new Map();     // `${ags}/${process}` -> example answers (API)
// A surname no other part of the system would produce: it must never reach the server's log.
const SENTINEL = `Zaunkönig${process.pid}x${Date.now() % 100000}`;

before(async () => {
  server = await startServer({ command: 'demo' });
  for (const m of (await json(`${server.url}/api/v1/municipalities`)).body) {
    for (const s of (await json(`${server.url}/api/v1/municipalities/${m.ags}/services`)).body) {
      services.push({ ags: m.ags, process: s.process, title: s.title });
      const key = `${m.ags}/${s.process}`;
      definitions.set(key, (await json(`${server.url}/api/v1/processes/${s.process}?municipality=${m.ags}`)).body);
      examples.set(key, (await json(`${server.url}/api/v1/processes/${s.process}/example?municipality=${m.ags}`)).body);
    }
  }
});

after(async () => {
  const code = await server?.stop();
  server?.cleanup();
  assert.equal(code, 0, 'graceful shutdown exits 0');
});

// --- Steps ----------------------------------------------------------------------------------

// Every answer is on the page (review or status), in display form.
function assertShowsAnswers(html, definition, answers, what) {
  const text = pageText(html);
  for (const page of definition.pages) {
    for (const shown of displayTexts(page.fields, answers)) {
      assert.ok(text.includes(shown), `${definition.id}: ${what} shows "${shown}"`);
    }
  }
}

// The whole journey for one service; returns {reference, token, draft}.
async function completeJourney(b, { ags, process }, answers) {
  const definition = definitions.get(`${ags}/${process}`);
  let { draft, res } = await startDraft(b, ags, process);
  let location = res.url;
  for (let pages = 0; pages < 20 && !location.endsWith('/pruefen'); ++pages) {
    location = await fillPage(b, res, definition, answers);
    if (location.endsWith('/pruefen')) break;
    res = await b.get(location);
    assert.equal(res.status, 200, location);
  }
  const review = await b.get(`/antrag/${draft}/pruefen`);
  assert.equal(review.status, 200);
  assertFrame(review, { sandbox: true });
  assert.match(title(review.body), /^Angaben prüfen/);
  assert.doesNotMatch(review.body, /Der Antrag ist noch nicht vollständig/);
  assertShowsAnswers(review.body, definition, answers, 'the review');
  const form = readForm(review.body, '/absenden');
  assert.match(form.html, /Antrag absenden/);
  const submitted = await b.submit(form, []);
  assert.equal(submitted.status, 303, submitted.body);
  assert.equal(submitted.headers.get('location'), `/antrag/${draft}/bestaetigung`);
  const confirmation = await b.get(submitted.headers.get('location'));
  assert.equal(confirmation.status, 200);
  assertFrame(confirmation, { sandbox: true });
  const reference = confirmation.body.match(/<strong class="reference">([^<]*)<\/strong>/)?.[1];
  assert.match(reference ?? '', /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
  const token = confirmation.body.match(/access-token">([^<]*)</)?.[1];
  assert.ok(token && token.length >= 20, 'the access token is shown');
  return { reference, token, draft, definition };
}

// --- 1. Every demo service, start to end ----------------------------------------------------

const TINY_PDF = '%PDF-1.4\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n';

function findField(fields, id) {
  for (const f of fields) {
    if (f.id === id) return f;
    const inner = f.fields && findField(f.fields, id);
    if (inner) return inner;
  }
  return null;
}

// The example answers, varied where the example is too plain to exercise the form: the sentinel
// surname, a number with a thousands separator, several ticked options, a second dog added with
// "hinzufuegen" whose conditional proof is uploaded as a PDF.
function answersFor(definition, example) {
  const answers = structuredClone(example);
  const fields = definition.pages.flatMap((p) => p.fields);
  if (typeof answers.nachname === 'string') answers.nachname = SENTINEL;
  if (typeof answers.beschaeftigte === 'number') answers.beschaeftigte = 1234;
  if (definition.id === 'meldebescheinigung') {
    answers.art = 'erweitert';
    answers.zusatzangaben = findField(fields, 'zusatzangaben').options.slice(0, 2).map((o) => o.value);
  }
  if (definition.id === 'hund-anmelden') {
    answers.hunde.push({ ...answers.hunde[0], name: 'Bello', chipnummer: '276098100123456', assistenzhund: true,
      assistenzhund_nachweis: { filename: 'nachweis.pdf', content_type: 'application/pdf',
        content_base64: Buffer.from(TINY_PDF).toString('base64') } });
  }
  return answers;
}

test('every demo service can be completed in the browser without JavaScript', async () => {
  assert.ok(services.length >= 15, `${services.length} services`);
  for (const service of services) {
    const key = `${service.ags}/${service.process}`;
    const answers = answersFor(definitions.get(key), examples.get(key));
    const b = new Browser(server.url);
    const { reference, token, draft, definition } = await completeJourney(b, service, answers);

    // The API shows the stored application to the holder of the token.
    const api = await json(`${server.url}/api/v1/applications/${reference}`,
      { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(api.status, 200, key);
    assert.equal(api.body.reference, reference);
    assert.equal(api.body.process, service.process);
    assert.equal(api.body.municipality, service.ags);
    assert.equal(api.body.sandbox, true);
    // ... and it stored exactly the answers typed in (German notation, date parts, files...).
    const stored = JSON.parse(query(server.db, `SELECT data_json FROM applications WHERE reference = '${reference}';`));
    assert.deepEqual(stored, answers, `${key}: stored answers\n${leaves(stored).join('\n')}`);

    // The status page shows it with the answers.
    const status = await b.post('/status', [['vorgang', reference], ['zugangscode', token]]);
    assert.equal(status.status, 200);
    assertFrame(status, { sandbox: true });
    assert.match(status.body, /Eingegangen/);
    assert.ok(status.body.includes(reference));
    // The submission time in German wall-clock time (Europe/Berlin, summer time included).
    const berlin = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit',
      year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(api.body.submitted_at));
    assert.ok(status.body.includes(`${berlin} Uhr`), `status shows "${berlin} Uhr"`);
    assertShowsAnswers(status.body, definition, answers, 'the status page');
    assert.doesNotMatch(status.body, />Ändern</, 'submitted answers have no change links');

    // The draft is gone: its pages are not found any more.
    const first = await b.get(`/antrag/${draft}/seiten/${definition.pages[0].id}`);
    assert.equal(first.status, 404, key);
    assert.equal((await b.get(`/antrag/${draft}/pruefen`)).status, 404);
    assert.equal(query(server.db, `SELECT COUNT(*) FROM drafts WHERE id = '${draft}';`), '0');
  }
});

test('the status lookup refuses a wrong access token', async () => {
  const b = new Browser(server.url);
  const service = services.find((s) => s.process === 'meldebescheinigung');
  const { reference } = await completeJourney(b, service, examples.get(`${service.ags}/${service.process}`));
  const wrong = await b.post('/status', [['vorgang', reference], ['zugangscode', 'falsch']]);
  assert.equal(wrong.status, 200);
  assert.match(title(wrong.body), /^Fehler: /);
  assert.match(wrong.body, /href="#f-vorgang"/);
  assert.doesNotMatch(wrong.body, /Ihre Angaben/);
});

// --- 2. Error paths -------------------------------------------------------------------------

const STUTTGART = '08111000';

test('"Weiter" with a required field empty shows the error summary and keeps the values', async () => {
  const b = new Browser(server.url);
  const { res } = await startDraft(b, STUTTGART, 'hund-anmelden');
  const form = readForm(res.body);
  const sent = await b.submit(form, [['vorname', 'Erika <b>&</b>'], ['nachname', ''],
    ['geburtsdatum.tag', '7'], ['geburtsdatum.monat', '3'], ['geburtsdatum.jahr', '1980'],
    ['anschrift.strasse', 'Hauptstraße'], ['email', 'erika@example.org'], ['aktion', 'weiter']]);
  assert.equal(sent.status, 200);
  assertFrame(sent, { sandbox: true });
  assert.match(title(sent.body), /^Fehler: /);
  assert.match(sent.body, /role="alert"[\s\S]*Es gibt ein Problem/);
  assert.match(sent.body, /<a class="kern-link" href="#f-nachname">[^<]+<\/a>/);
  assert.match(sent.body, /<input [^>]*id="f-nachname"[^>]*aria-invalid="true"/);
  // What was typed is still there (escaped), the date parts too.
  const again = readForm(sent.body);
  assert.equal(again.values.get('vorname'), 'Erika <b>&</b>');
  assert.doesNotMatch(sent.body, /<b>&<\/b>/);
  assert.equal(again.values.get('geburtsdatum.tag'), '7');
  assert.equal(again.values.get('geburtsdatum.jahr'), '1980');
  assert.equal(again.values.get('anschrift.strasse'), 'Hauptstraße');
  assert.equal(again.values.get('email'), 'erika@example.org');
});

test('a date that does not exist gets a German date message', async () => {
  const b = new Browser(server.url);
  const { res } = await startDraft(b, STUTTGART, 'hund-anmelden');
  const sent = await b.submit(readForm(res.body), [['vorname', 'Erika'], ['nachname', 'Muster'],
    ['geburtsdatum.tag', '31'], ['geburtsdatum.monat', '2'], ['geburtsdatum.jahr', '1980'], ['aktion', 'weiter']]);
  assert.equal(sent.status, 200);
  assert.match(title(sent.body), /^Fehler: /);
  assert.match(sent.body, /<a class="kern-link" href="#f-geburtsdatum-tag">[^<]*gültiges Datum[^<]*<\/a>/);
  const again = readForm(sent.body);
  assert.equal(again.values.get('geburtsdatum.tag'), '31');
  assert.equal(again.values.get('geburtsdatum.monat'), '2');
});

test('"Zurück" saves without validating; "Speichern" shows a resume link that works in another browser', async () => {
  const b = new Browser(server.url);
  const { draft, res } = await startDraft(b, STUTTGART, 'hund-anmelden');
  const definition = definitions.get(`${STUTTGART}/hund-anmelden`);
  const example = examples.get(`${STUTTGART}/hund-anmelden`);
  let location = await fillPage(b, res, definition, example);
  assert.equal(location, `/antrag/${draft}/seiten/hunde`);
  let second = await b.get(location);
  // "Zurück" with an invalid entry: saved as typed, no error.
  const back = await b.submit(readForm(second.body), [['hunde[0].name', 'Bello'], ['hunde[0].chipnummer', '12'],
    ['aktion', 'zurueck']]);
  assert.equal(back.status, 303);
  assert.equal(back.headers.get('location'), `/antrag/${draft}/seiten/halter`);
  second = await b.get(`/antrag/${draft}/seiten/hunde`);
  assert.equal(readForm(second.body).values.get('hunde[0].name'), 'Bello');
  assert.equal(readForm(second.body).values.get('hunde[0].chipnummer'), '12');
  assert.doesNotMatch(title(second.body), /^Fehler/);

  const saved = await b.submit(readForm(second.body), [['hunde[0].name', 'Bello'], ['aktion', 'speichern']]);
  assert.equal(saved.status, 200);
  assert.doesNotMatch(title(saved.body), /^Fehler/);
  assert.match(saved.body, /Ihre Angaben sind gespeichert/);
  const link = saved.body.match(/href="(http:\/\/[^"]*\/fortsetzen\?schluessel=[^"]*)"/)?.[1];
  assert.ok(link, 'the resume link is shown');
  const resume = new URL(link.replaceAll('&amp;', '&'));
  assert.equal(resume.pathname, `/antrag/${draft}/fortsetzen`);

  // Another browser: nothing without the link, the draft with it, at the current page.
  const other = new Browser(server.url);
  assert.equal((await other.get(`/antrag/${draft}/seiten/hunde`)).status, 404);
  assert.equal((await other.get(`${resume.pathname}?schluessel=falsch`)).status, 404);
  const resumed = await other.get(resume.pathname + resume.search);
  assert.equal(resumed.status, 303);
  assert.equal(resumed.headers.get('location'), `/antrag/${draft}/seiten/hunde`);
  assert.ok(other.cookies.has(`aw_${draft}`));
  const there = await other.get(resumed.headers.get('location'));
  assert.equal(there.status, 200);
  assert.equal(readForm(there.body).values.get('hunde[0].name'), 'Bello');
  assert.equal(readForm(there.body).values.get('vorname'), undefined);
  const first = await other.get(`/antrag/${draft}/seiten/halter`);
  assert.equal(readForm(first.body).values.get('vorname'), example.vorname);
});

test('a POST without or with a wrong CSRF token, or from another site, is refused and saves nothing', async () => {
  const b = new Browser(server.url);
  const { draft, res } = await startDraft(b, STUTTGART, 'hund-anmelden');
  const form = readForm(res.body);
  const before = query(server.db, `SELECT data_json, updated_at FROM drafts WHERE id = '${draft}';`);
  const answers = [['vorname', 'Mallory'], ['aktion', 'speichern']];
  const attempts = [
    ['no token', () => b.post(form.action, answers)],
    ['wrong token', () => b.post(form.action, [['csrf', '0'.repeat(64)], ...answers])],
    ['cross-site Origin', () => b.submit(form, answers, [], { origin: 'https://evil.example' })],
    ['Sec-Fetch-Site cross-site', () => b.submit(form, answers, [], { origin: null, headers: { 'Sec-Fetch-Site': 'cross-site' } })],
  ];
  for (const [what, attempt] of attempts) {
    const refused = await attempt();
    assert.equal(refused.status, 403, what);
    assertFrame(refused, { sandbox: true });
    assert.match(refused.body, /Anfrage abgelehnt/);
  }
  assert.equal(query(server.db, `SELECT data_json, updated_at FROM drafts WHERE id = '${draft}';`), before);
  // Starting a draft from another site is refused too, and creates none.
  const drafts = countRows(server.db, 'drafts');
  const start = await b.post(`/gemeinden/${STUTTGART}/leistungen/hund-anmelden/antrag`, [], { origin: 'https://evil.example' });
  assert.equal(start.status, 403);
  assert.equal(countRows(server.db, 'drafts'), drafts);
  // Submitting without the token is refused as well.
  const submit = await b.post(`/antrag/${draft}/absenden`, []);
  assert.equal(submit.status, 403);
});

test('another browser without the cookie gets the 404 page', async () => {
  const b = new Browser(server.url);
  const { draft } = await startDraft(b, STUTTGART, 'meldebescheinigung');
  const other = new Browser(server.url);
  for (const path of [`/antrag/${draft}/seiten/antragsteller`, `/antrag/${draft}/pruefen`, `/antrag/${draft}/bestaetigung`]) {
    const res = await other.get(path);
    assert.equal(res.status, 404, path);
    assertFrame(res, { sandbox: true });
    assert.match(res.body, /Antrag nicht gefunden/);
  }
  const post = await other.post(`/antrag/${draft}/seiten/antragsteller`, [['vorname', 'X'], ['aktion', 'speichern']]);
  assert.equal(post.status, 404);
  assert.equal((await other.get('/antrag/NOTADRAFT/seiten/x')).status, 404);
});

test('two "Antrag absenden" at once store one application and both see the confirmation', async () => {
  const service = { ags: STUTTGART, process: 'meldebescheinigung' };
  const definition = definitions.get(`${STUTTGART}/meldebescheinigung`);
  const answers = examples.get(`${STUTTGART}/meldebescheinigung`);
  const b = new Browser(server.url);
  let { draft, res } = await startDraft(b, service.ags, service.process);
  let location;
  while (!(location = await fillPage(b, res, definition, answers)).endsWith('/pruefen')) res = await b.get(location);
  const form = readForm((await b.get(location)).body, '/absenden');
  const before = countRows(server.db, 'applications');
  const [one, two] = await Promise.all([b.submit(form, []), b.submit(form, [])]);
  assert.deepEqual([one.status, two.status], [303, 303], `${one.body}\n${two.body}`);
  assert.equal(one.headers.get('location'), `/antrag/${draft}/bestaetigung`);
  assert.equal(two.headers.get('location'), `/antrag/${draft}/bestaetigung`);
  assert.equal(countRows(server.db, 'applications'), before + 1);
  const confirmation = await b.get(`/antrag/${draft}/bestaetigung`);
  assert.equal(confirmation.status, 200);
  // A third click after the draft is gone (back button) lands on the confirmation again, never
  // a second copy; without the cookie it is just not found.
  assert.equal(query(server.db, `SELECT COUNT(*) FROM drafts WHERE id = '${draft}';`), '0');
  const third = await b.submit(form, []);
  assert.equal(third.status, 303);
  assert.equal(third.headers.get('location'), `/antrag/${draft}/bestaetigung`);
  assert.equal(countRows(server.db, 'applications'), before + 1);
  const stranger = new Browser(server.url);
  assert.equal((await stranger.post(`/antrag/${draft}/absenden`, form.hidden)).status, 404);
  assert.equal((await b.post(`/antrag/${draft}/absenden`, [['csrf', 'x']])).status, 404);
});

// --- 3. Conditional fields and pages without JavaScript -------------------------------------

test('conditional fields are rendered hidden, shown when their rule holds, and their answers dropped', async () => {
  const b = new Browser(server.url);
  const { draft, res } = await startDraft(b, STUTTGART, 'hund-anmelden');
  const definition = definitions.get(`${STUTTGART}/hund-anmelden`);
  const example = examples.get(`${STUTTGART}/hund-anmelden`);
  await fillPage(b, res, definition, example);
  let dogs = await b.get(`/antrag/${draft}/seiten/hunde`);
  assert.deepEqual(fieldWrapper(dogs.body, 'hunde[0].rasse_freitext'), { hidden: true });
  // A second dog, of another breed: its free-text breed is shown by the server.
  const added = await b.submit(readForm(dogs.body), [['hunde[0].name', 'Bello'], ['hunde[0].rasse', 'mischling'],
    ['aktion', 'hinzufuegen:hunde']]);
  assert.equal(added.status, 303);
  dogs = await b.get(`/antrag/${draft}/seiten/hunde`);
  assert.equal(readForm(dogs.body).hidden.find(([k]) => k === 'hunde.anzahl')[1], '2');
  const saved = await b.submit(readForm(dogs.body), [['hunde[0].name', 'Bello'], ['hunde[0].rasse', 'mischling'],
    ['hunde[0].rasse_freitext', 'verloren'], ['hunde[1].name', 'Rex'], ['hunde[1].rasse', 'andere'],
    ['hunde[1].rasse_freitext', 'Schnauzer-Mix'], ['aktion', 'speichern']]);
  assert.equal(saved.status, 200);
  assert.deepEqual(fieldWrapper(saved.body, 'hunde[0].rasse_freitext'), { hidden: true });
  assert.deepEqual(fieldWrapper(saved.body, 'hunde[1].rasse_freitext'), { hidden: false });
  assert.equal(readForm(saved.body).values.get('hunde[1].rasse_freitext'), 'Schnauzer-Mix');
  const data = JSON.parse(query(server.db, `SELECT data_json FROM drafts WHERE id = '${draft}';`));
  assert.equal(data.hunde[0].rasse_freitext, undefined, 'the hidden answer is dropped');
  assert.equal(data.hunde[1].rasse_freitext, 'Schnauzer-Mix');
  // Removing the first dog shifts the second into its place.
  const removed = await b.submit(readForm(saved.body), [['aktion', 'entfernen:hunde[0]']]);
  assert.equal(removed.status, 303);
  dogs = await b.get(`/antrag/${draft}/seiten/hunde`);
  assert.equal(readForm(dogs.body).values.get('hunde[0].name'), 'Rex');
  assert.equal(readForm(dogs.body).hidden.find(([k]) => k === 'hunde.anzahl')[1], '1');

  // Payment: the account fields appear only with "Lastschrift: ja"; "nein" drops their answers.
  const dogLocation = await fillPage(b, dogs, definition, { ...example, hunde: [{ ...example.hunde[0], name: 'Rex' }] });
  assert.equal(dogLocation, `/antrag/${draft}/seiten/zahlung`);
  let pay = await b.get(dogLocation);
  assert.deepEqual(fieldWrapper(pay.body, 'iban'), { hidden: true });
  const yes = await b.submit(readForm(pay.body), [['lastschrift', 'ja'], ['aktion', 'weiter']]);
  assert.equal(yes.status, 200, 'account holder and IBAN are asked now');
  // Without JavaScript the person has not seen these questions yet: the page names them, with no
  // error and no "Fehler:" (issue 4: conditional logic without JavaScript).
  assert.doesNotMatch(title(yes.body), /^Fehler: /);
  assert.doesNotMatch(yes.body, /Es gibt ein Problem/);
  assert.match(yes.body, /Bitte ergänzen Sie noch/);
  assert.match(yes.body, /<a class="kern-link" href="#f-kontoinhaber">Kontoinhaberin oder Kontoinhaber<\/a>/);
  assert.match(yes.body, /href="#f-iban"/);
  assert.deepEqual(fieldWrapper(yes.body, 'iban'), { hidden: false });
  // Seen and left empty: now they are missing answers like any other.
  const again = await b.submit(readForm(yes.body), [['lastschrift', 'ja'], ['aktion', 'weiter']]);
  assert.equal(again.status, 200);
  assert.match(title(again.body), /^Fehler: /);
  assert.doesNotMatch(again.body, /Bitte ergänzen Sie noch/);
  assert.match(again.body, /Es gibt ein Problem[\s\S]*href="#f-kontoinhaber"/);
  const no = await b.submit(readForm(again.body), [['lastschrift', 'nein'], ['kontoinhaber', SENTINEL],
    ['iban', 'DE89370400440532013000'], ['aktion', 'weiter']]);
  assert.equal(no.status, 303, no.body);
  const paid = JSON.parse(query(server.db, `SELECT data_json FROM drafts WHERE id = '${draft}';`));
  assert.equal(paid.lastschrift, false);
  assert.equal(paid.kontoinhaber, undefined);
  assert.equal(paid.iban, undefined);
});

test('a conditional page is shown only when its rule holds, and its answers are not submitted', async () => {
  const service = { ags: STUTTGART, process: 'meldebescheinigung' };
  const definition = definitions.get(`${STUTTGART}/meldebescheinigung`);
  const example = examples.get(`${STUTTGART}/meldebescheinigung`);
  assert.ok(definition.pages.find((p) => p.id === 'vertretung').visible_if, 'the seed has a conditional page');
  const b = new Browser(server.url);
  const { draft, res } = await startDraft(b, service.ags, service.process);
  const afterFirst = await fillPage(b, res, definition, example);
  assert.equal(afterFirst, `/antrag/${draft}/seiten/bescheinigung`);
  // Hidden page: not reachable, the server sends the browser to its current page.
  const hiddenPage = await b.get(`/antrag/${draft}/seiten/vertretung`);
  assert.equal(hiddenPage.status, 303);
  let certificate = await b.get(afterFirst);
  const proxy = { ...example, fuer_wen: 'vollmacht' };
  const toProxy = await fillPage(b, certificate, definition, proxy);
  assert.equal(toProxy, `/antrag/${draft}/seiten/vertretung`);
  let proxyPage = await b.get(toProxy);
  assert.equal(proxyPage.status, 200);
  const person = {
    person_vorname: 'Paula', person_nachname: SENTINEL, person_geburtsdatum: '1950-05-04',
    person_anschrift: { strasse: 'Lindenweg', hausnummer: '3', plz: '70173', ort: 'Stuttgart' },
    vollmacht: { filename: 'vollmacht.png', content_type: 'image/png',
      content_base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=' },
  };
  assert.equal(await fillPage(b, proxyPage, definition, person), `/antrag/${draft}/pruefen`);
  let review = await b.get(`/antrag/${draft}/pruefen`);
  assert.ok(pageText(review.body).includes(SENTINEL), 'the review shows the proxy page');
  assert.ok(pageText(review.body).includes('vollmacht.png'));
  // "Zurück" to the certificate page and answer "for myself": the proxy page disappears.
  certificate = await b.get(`/antrag/${draft}/seiten/bescheinigung`);
  assert.equal(await fillPage(b, certificate, definition, example), `/antrag/${draft}/pruefen`);
  review = await b.get(`/antrag/${draft}/pruefen`);
  assert.ok(!pageText(review.body).includes(SENTINEL), 'the review omits the hidden page');
  const submitted = await b.submit(readForm(review.body, '/absenden'), []);
  assert.equal(submitted.status, 303);
  const confirmation = await b.get(submitted.headers.get('location'));
  const reference = confirmation.body.match(/<strong class="reference">([^<]*)</)[1];
  const stored = JSON.parse(query(server.db, `SELECT data_json FROM applications WHERE reference = '${reference}';`));
  assert.deepEqual(stored, example, 'answers of the hidden page are not submitted');
});

// --- 4. Privacy -----------------------------------------------------------------------------

test('answers never reach the server log', () => {
  // Every test above typed SENTINEL as a surname or account holder.
  assert.ok(server.stderr().length > 0, 'the access log is on');
  assert.ok(!server.stderr().includes(SENTINEL), 'the sentinel surname is not in the log');
  assert.ok(!server.stderr().includes('schluessel='), 'resume secrets are not in the log');
});
