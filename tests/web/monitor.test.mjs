// The process monitor's dashboards through the real binary (issue 5): scripted journeys in
// Stuttgart's "Hund anmelden" (a phone submits, a desktop trips over page two and leaves, a tablet
// leaves on page one, two more people only look), then the views must show exactly those counts —
// the same numbers in the JSON export, the CSV export and the HTML page. Access: keys (inserted as
// their hashes, as `amtsweg monitor access add` stores them), sign-in cookie, 401/403 across
// tenants without leaking which AGS exist, CSRF on every POST, Bearer for exports; paper counts
// and filter errors. Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, json, query } from '../lib/server.mjs';
import { Browser, readForm } from './browser.mjs';
import { startDraft, fillPage, pageIdOf } from './journey-steps.mjs';

const AGS = '08111000';
const PROCESS = 'hund-anmelden';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const TABLET = 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const ABANDON_AFTER_S = 4;

// Keys as NewAccessKey issues them (28 Crockford symbols, grouped); stored as their hashes.
const KEYS = {
  stuttgart: '7K3M-Q9X2-T4V6-W8Y0-ABCD-EFGH-JKMN',
  state: 'ZZZZ-YYYY-XXXX-WWWW-VVVV-TTTT-SSSS',
  bayern: 'MMMM-NNNN-PPPP-QQQQ-RRRR-SSSS-TTTT',
  all: '0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV',
};
const hashKey = (key) => createHash('sha256').update(`amtsweg monitor key\u0000${key.replaceAll('-', '')}`).digest('hex');

let server;
let definition;
let example;
let other;  // another municipality (of the same state: the demo has only one)
let expected;  // what the scripted journeys did

async function eventually(check, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try { return await check(); } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: ${last?.message}`);
}

// A browser signed in with `key` (through the form, as a person does).
async function signedIn(key) {
  const b = new Browser(server.url);
  const res = await b.post('/monitor/anmelden', [['schluessel', key], ['weiter', '/monitor']]);
  assert.equal(res.status, 303, res.body);
  assert.equal(res.headers.get('location'), '/monitor');
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('amtsweg_monitor='));
  assert.match(cookie, /; Path=\/monitor; HttpOnly; SameSite=Strict/);
  return b;
}

async function exportOf(b, path, format) {
  const res = await b.get(`${path}${path.includes('?') ? '&' : '?'}format=${format}`);
  assert.equal(res.status, 200, `${path} ${format}: ${res.body}`);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  return format === 'json' ? JSON.parse(res.body) : res.body;
}

// CSV blocks -> {table: [row objects]} with the JSON export's types (numbers, null for empty).
function parseCsv(text) {
  const rows = [];
  let row = [''];
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { row[row.length - 1] += '"'; ++i; }
      else if (c === '"') quoted = false;
      else row[row.length - 1] += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push('');
    else if (c === '\r' && text[i + 1] === '\n') { rows.push(row); row = ['']; ++i; }
    else row[row.length - 1] += c;
  }
  const tables = {};
  let header = null;
  for (const r of rows) {
    if (r.length === 1 && r[0] === '') { header = null; continue; }
    if (!header) { header = r; continue; }
    const object = {};
    header.slice(1).forEach((name, i) => {
      const v = r[i + 1];
      object[name] = v === '' ? null : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    });
    (tables[r[0]] ||= []).push(object);
  }
  return tables;
}

// The JSON export with text cells the CSV cannot tell from numbers normalised (e.g. an AGS);
// empty tables left out (in the CSV they are a header line without rows).
function normalised(tables) {
  const out = {};
  for (const [id, rows] of Object.entries(tables)) {
    if (rows.length === 0) continue;
    out[id] = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) =>
      [k, typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v])));
  }
  return out;
}

const germanCount = (n) => n.toLocaleString('de-DE');

before(async () => {
  server = await startServer({
    command: 'demo',
    args: ['--usage-flush-ms', '50', '--abandon-after-seconds', String(ABANDON_AFTER_S), '--job-period', '1'],
  });
  definition = (await json(`${server.url}/api/v1/processes/${PROCESS}?municipality=${AGS}`)).body;
  example = (await json(`${server.url}/api/v1/processes/${PROCESS}/example?municipality=${AGS}`)).body;
  const state = query(server.db, `SELECT state FROM municipalities WHERE ags = '${AGS}';`);
  other = query(server.db, `SELECT ags FROM municipalities WHERE ags <> '${AGS}' ORDER BY ags LIMIT 1;`);
  assert.match(other, /^\d{8}$/, 'the demo has a second municipality');
  assert.notEqual(state, 'Bayern');
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  for (const [name, scope] of [['stuttgart', `ags:${AGS}`], ['state', `state:${state}`], ['bayern', 'state:Bayern'],
    ['all', 'all']]) {
    query(server.db, `INSERT INTO monitor_access (key_hash, scope, label, created_at) VALUES
      ('${hashKey(KEYS[name])}', '${scope.replaceAll("'", "''")}', 'Test ${name}', '${now}');`);
  }

  // The scripted journeys.
  const phone = new Browser(server.url, { userAgent: PHONE });
  const j1 = await startDraft(phone, AGS, PROCESS);
  let res = j1.res;
  let location = res.url;
  const completed = [];
  for (let guard = 0; guard < 20 && !location.endsWith('/pruefen'); ++guard) {
    completed.push(pageIdOf(location));
    location = await fillPage(phone, res, definition, example);
    if (!location.endsWith('/pruefen')) res = await phone.get(location);
  }
  const review = await phone.get(`/antrag/${j1.draft}/pruefen`);
  const sent = await phone.submit(readForm(review.body, '/absenden'), []);
  assert.equal(sent.status, 303, sent.body);

  const desk = new Browser(server.url, { userAgent: DESKTOP });
  const j2 = await startDraft(desk, AGS, PROCESS);
  const second = await desk.get(await fillPage(desk, j2.res, definition, example));
  const empty = await desk.submit(readForm(second.body), [['aktion', 'weiter']]);
  assert.match(empty.body, /<title>Fehler: /, 'the empty second page comes back with errors');

  const tablet = new Browser(server.url, { userAgent: TABLET });
  await startDraft(tablet, AGS, PROCESS);
  await new Browser(server.url, { userAgent: PHONE }).get(`/gemeinden/${AGS}/leistungen/${PROCESS}`);
  await new Browser(server.url, { userAgent: DESKTOP }).get(`/gemeinden/${AGS}/leistungen/${PROCESS}`);

  expected = {
    viewed: 5, started: 3, submitted: 1, abandoned: 2,
    firstPage: 2, secondPage: completed.length > 1 ? 1 : 0, pages: completed,
    devices: { Smartphone: [1, 1], Tablet: [1, 0], Computer: [1, 0] },
    secondPageId: completed[1],
  };
  // Wait until the abandonment job has seen journeys 2 and 3 and the rollups are written.
  const b = await signedIn(KEYS.stuttgart);
  await eventually(async () => {
    const data = await exportOf(b, `/monitor/${AGS}/${PROCESS}?zeitraum=7`, 'json');
    assert.equal(data.tabellen.kennzahlen[0].abgebrochen, 2, JSON.stringify(data.tabellen.kennzahlen));
  }, 'two journeys abandoned', (ABANDON_AFTER_S + 30) * 1000);
});

after(async () => {
  const code = await server?.stop();
  server?.cleanup();
  assert.equal(code, 0);
});

test('the service view counts exactly what the scripted journeys did', async () => {
  const b = await signedIn(KEYS.stuttgart);
  const data = await exportOf(b, `/monitor/${AGS}/${PROCESS}?zeitraum=7`, 'json');
  assert.equal(data.ansicht, 'leistung');
  const k = data.tabellen.kennzahlen[0];
  assert.deepEqual([k.angesehen, k.begonnen, k.eingereicht, k.abgebrochen],
    [expected.viewed, expected.started, expected.submitted, expected.abandoned]);
  assert.equal(k.konversion, Math.round((1 / 3) * 10000) / 10000);
  assert.equal(typeof k.median_bis_s, 'number', 'one submission has a time');
  assert.equal(k.p90_bis_s, k.median_bis_s);

  const funnel = data.tabellen.trichter;
  assert.equal(funnel.length, 2 + definition.pages.length + 4);
  assert.deepEqual(funnel.slice(0, 2).map((r) => r.anzahl), [expected.viewed, expected.started]);
  const pageSteps = funnel.slice(2, 2 + definition.pages.length);
  definition.pages.forEach((p, i) => assert.ok(pageSteps[i].schritt.includes(`„${p.title}“`), pageSteps[i].schritt));
  assert.equal(pageSteps[0].anzahl, expected.firstPage);
  const phoneOnly = pageSteps.slice(1).filter((s, i) => expected.pages.includes(definition.pages[i + 1].id));
  for (const s of phoneOnly) assert.equal(s.anzahl, 1, s.schritt);
  assert.equal(funnel[2 + definition.pages.length].anzahl, expected.submitted);
  for (const s of funnel.slice(-3)) assert.equal(s.anzahl, null, `${s.schritt} is not measured yet`);

  const dropped = Object.fromEntries(data.tabellen.abbrueche.map((r) => [r.seite, r.abbrueche]));
  assert.equal(Object.values(dropped).reduce((a, b) => a + b, 0), expected.abandoned);

  const errors = data.tabellen.fehlerfelder;
  assert.ok(errors.length > 0, 'the empty second page produced error fields');
  for (const e of errors) {
    assert.equal(e.fehler, 1);
    assert.equal(e.anteil_begonnen, Math.round((1 / 3) * 10000) / 10000);
    assert.doesNotMatch(e.feld, /\[\d+\]/, 'labels, not indexed paths');
  }
  const devices = Object.fromEntries(data.tabellen.geraete.map((r) => [r.geraet, [r.begonnen, r.eingereicht]]));
  assert.deepEqual(devices, expected.devices);
  const weeks = data.tabellen.wochen;
  assert.equal(weeks.reduce((a, w) => a + w.begonnen, 0), expected.started);
  assert.equal(weeks.reduce((a, w) => a + w.eingereicht, 0), expected.submitted);

  // The same numbers in the rollups themselves.
  const started = Number(query(server.db, `SELECT SUM(count) FROM usage_daily WHERE ags = '${AGS}'
    AND process = '${PROCESS}' AND kind = 'started';`));
  assert.equal(started, expected.started);
});

test('JSON, CSV and HTML show the same numbers', async () => {
  const b = await signedIn(KEYS.all);
  for (const path of ['/monitor?zeitraum=30', `/monitor/${AGS}?zeitraum=30`, `/monitor/${AGS}/${PROCESS}?zeitraum=30`,
    `/monitor/vergleich/${PROCESS}?zeitraum=30`]) {
    const data = await exportOf(b, path, 'json');
    const csvRes = await b.get(`${path}&format=csv`);
    assert.match(csvRes.headers.get('content-type'), /^text\/csv/);
    assert.match(csvRes.headers.get('content-disposition'), /^attachment; filename="monitor-/);
    assert.deepEqual(parseCsv(csvRes.body), normalised(data.tabellen), path);
    const html = await b.get(path);
    assert.equal(html.status, 200);
    assert.equal(html.headers.get('cache-control'), 'no-store');
    for (const [id, rows] of Object.entries(data.tabellen)) {
      assert.ok(html.body.includes(`id="t-${id}"`), `${path}: table ${id}`);
      for (const row of rows) {
        for (const [column, v] of Object.entries(row)) {
          if (column.endsWith('_s')) continue;  // times read "bis zu 5 Min." on the page
          if (Number.isInteger(v) && v < 1e6) assert.ok(html.body.includes(`>${germanCount(v)}<`), `${path} ${id}: ${v}`);
        }
      }
    }
    assert.doesNotMatch(html.body, / style=/);
    for (const svg of html.body.match(/<svg class="mon-chart[^"]*"[^>]*>/g) || []) {
      assert.match(svg, /role="img"/);
      assert.match(svg, /aria-labelledby="[^"]+-titel [^"]+-beschreibung"/);
    }
  }
  const service = await b.get(`/monitor/${AGS}/${PROCESS}`);
  assert.match(service.body, /noch nicht erfasst/);
  assert.match(service.body, /<svg class="mon-chart[^"]*"[\s\S]*?<\/svg><\/figure>\s*<div class="mon-table-scroll"/);
});

test('without a session: the sign-in form; exports want a key', async () => {
  const res = await new Browser(server.url).get('/monitor');
  assert.equal(res.status, 200);
  assert.match(res.body, /<form class="mon-signin" method="post" action="\/monitor\/anmelden"/);
  assert.match(res.body, /for="f-schluessel">Zugangsschlüssel</);
  const deep = await new Browser(server.url).get(`/monitor/${AGS}/${PROCESS}`);
  assert.equal(deep.status, 401);
  assert.match(deep.body, new RegExp(`name="weiter" value="/monitor/${AGS}/${PROCESS}"`));
  const exp = await fetch(`${server.url}/monitor/${AGS}?format=json`);
  assert.equal(exp.status, 401);
  assert.equal((await exp.json()).errors[0].code, 'unauthorized');
  const bearer = await fetch(`${server.url}/monitor/${AGS}?format=csv`, { headers: { Authorization: `Bearer ${KEYS.stuttgart}` } });
  assert.equal(bearer.status, 200);
  assert.match(await bearer.text(), /^tabelle,rang,leistung/);
  const bearerHtml = await fetch(`${server.url}/monitor/${AGS}`, { headers: { Authorization: `Bearer ${KEYS.stuttgart}` } });
  assert.equal(bearerHtml.status, 401, 'pages need the cookie; Bearer is for exports');
});

test('a wrong key gets a German error; signing out clears the cookie', async () => {
  const b = new Browser(server.url);
  for (const key of ['', 'falsch', '7K3M-Q9X2-T4V6-W8Y0-ABCD-EFGH-JKMP']) {
    const res = await b.post('/monitor/anmelden', [['schluessel', key]]);
    assert.equal(res.status, 401, key);
    assert.match(res.body, /<title>Fehler: /);
    assert.match(res.body, /href="#f-schluessel"/);
    assert.equal(res.headers.getSetCookie().length, 0);
  }
  const lower = await b.post('/monitor/anmelden', [['schluessel', KEYS.stuttgart.toLowerCase().replaceAll('-', ' ')]]);
  assert.equal(lower.status, 303, 'typed keys are forgiving');
  const page = await b.get('/monitor');
  const csrf = page.body.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  assert.equal((await b.post('/monitor/abmelden', [['csrf', 'x'.repeat(64)]])).status, 403);
  const out = await b.post('/monitor/abmelden', [['csrf', csrf]]);
  assert.equal(out.status, 303);
  assert.match(out.headers.getSetCookie()[0], /^amtsweg_monitor=; .*Max-Age=0/);
  assert.match((await b.get('/monitor')).body, /mon-signin/);
});

test('a key never sees municipalities outside its scope', async () => {
  const b = await signedIn(KEYS.stuttgart);
  for (const path of [`/monitor/${other}`, `/monitor/${other}/${PROCESS}`, '/monitor/99999999', '/monitor/99999999/x']) {
    const res = await b.get(path);
    assert.equal(res.status, 403, path);
    assert.match(res.body, /Kein Zugriff/);
    const exp = await b.get(`${path}?format=json`);
    assert.equal(exp.status, 403, path);
    assert.equal(JSON.parse(exp.body).errors[0].code, 'forbidden');
  }
  const overview = await exportOf(b, '/monitor', 'json');
  assert.deepEqual(overview.tabellen.gemeinden.map((g) => g.ags), [AGS]);
  const compare = await exportOf(b, `/monitor/vergleich/${PROCESS}`, 'json');
  // The comparison shows every municipality running the process, not only the key's own.
  const offeringIt = [];
  for (const m of (await json(`${server.url}/api/v1/municipalities`)).body) {
    const services = (await json(`${server.url}/api/v1/municipalities/${m.ags}/services`)).body;
    if (services.some((s) => s.process === PROCESS)) offeringIt.push(m.ags);
  }
  assert.ok(offeringIt.length > 1);
  assert.deepEqual(compare.tabellen.vergleich.map((g) => g.ags).sort(), offeringIt.sort());

  const state = await signedIn(KEYS.state);
  assert.equal((await state.get(`/monitor/${other}`)).status, 200);
  assert.equal((await state.get(`/monitor/${AGS}`)).status, 200);
  assert.equal((await state.get('/monitor/99999999')).status, 403, 'unknown looks like not yours');
  const bayern = await signedIn(KEYS.bayern);
  assert.equal((await bayern.get(`/monitor/${AGS}`)).status, 403);
  assert.equal((await bayern.get(`/monitor/${AGS}/${PROCESS}?format=csv`)).status, 403);
  assert.equal((await bayern.get(`/monitor/vergleich/${PROCESS}`)).status, 404, 'no municipality of the scope offers it');
  assert.deepEqual((await exportOf(bayern, '/monitor', 'json')).tabellen, {});
  assert.match((await bayern.get('/monitor')).body, /keine Gemeinde dieser Plattform/);
  const all = await signedIn(KEYS.all);
  assert.equal((await all.get(`/monitor/${other}`)).status, 200);
  assert.equal((await all.get('/monitor/99999999')).status, 404, 'the state sees all: unknown is unknown');
  const ranking = (await exportOf(all, '/monitor?zeitraum=7', 'json')).tabellen.gemeinden;
  assert.ok(ranking.length > 1);
  assert.equal(ranking[0].ags, AGS, 'Stuttgart has the only starts and ranks first');
});

test('paper counts: validated, CSRF-protected, counted in the online share', async () => {
  const b = await signedIn(KEYS.stuttgart);
  const page = await b.get(`/monitor/${AGS}`);
  const form = readForm(page.body, '/papier');
  assert.ok(form, 'the municipality page has the paper form');
  const now = new Date();
  const month = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const future = `${now.getUTCFullYear() + 1}-01`;
  for (const [pairs, message] of [
    [[['leistung', PROCESS], ['monat', future], ['anzahl', '5']], 'nicht in der Zukunft'],
    [[['leistung', PROCESS], ['monat', '2026-13'], ['anzahl', '5']], 'JJJJ-MM'],
    [[['leistung', PROCESS], ['monat', month], ['anzahl', '10000001']], 'ganze Zahl'],
    [[['leistung', PROCESS], ['monat', month], ['anzahl', '-1']], 'ganze Zahl'],
    [[['leistung', 'gibt-es-nicht'], ['monat', month], ['anzahl', '5']], 'Leistung'],
  ]) {
    const res = await b.submit(form, pairs);
    assert.equal(res.status, 400, JSON.stringify(pairs));
    assert.ok(res.body.includes(message), message);
    assert.match(res.body, /role="alert"/);
  }
  const noCsrf = await b.post(form.action, [['leistung', PROCESS], ['monat', month], ['anzahl', '3']]);
  assert.equal(noCsrf.status, 403);
  const foreign = await b.submit(form, [['leistung', PROCESS], ['monat', month], ['anzahl', '3']],
    [], { origin: 'https://evil.example' });
  assert.equal(foreign.status, 403);
  const saved = await b.submit(form, [['leistung', PROCESS], ['monat', month], ['anzahl', '3']]);
  assert.equal(saved.status, 303, saved.body);
  assert.match((await b.follow(saved)).body, /Gespeichert/);
  const data = await exportOf(b, `/monitor/${AGS}?zeitraum=7`, 'json');
  const share = data.tabellen.onlineanteil.find((r) => r.leistung === definition.title);
  assert.deepEqual([share.monate, share.online, share.papier], [1, expected.submitted, 3]);
  assert.equal(share.onlineanteil, Math.round((expected.submitted / (expected.submitted + 3)) * 10000) / 10000);
  assert.deepEqual(data.tabellen.papier.map((r) => [r.prozess, r.anzahl]), [[PROCESS, 3]]);
  const crossTenant = await b.submit({ ...form, action: `/monitor/${other}/papier` }, [['leistung', PROCESS], ['monat', month], ['anzahl', '1']]);
  assert.equal(crossTenant.status, 403);
});

test('invalid filters: a German message on the page, a stable code in JSON', async () => {
  const b = await signedIn(KEYS.stuttgart);
  for (const [q, code] of [['geraet=toaster', 'invalid_device'], ['zeitraum=14', 'invalid_period'],
    ['von=2026-02-30', 'invalid_date'], ['version=x', 'invalid_version'], ['von=2026-11-20&bis=2026-11-01', 'invalid_period']]) {
    const html = await b.get(`/monitor/${AGS}/${PROCESS}?${q}`);
    assert.equal(html.status, 400, q);
    assert.match(html.body, /lang="de"/);
    const exp = await b.get(`/monitor/${AGS}/${PROCESS}?${q}&format=json`);
    assert.equal(exp.status, 400, q);
    assert.equal(JSON.parse(exp.body).errors[0].code, code);
  }
  assert.equal((await b.get(`/monitor/${AGS}?format=xml`)).status, 400);
  const phoneOnly = await exportOf(b, `/monitor/${AGS}/${PROCESS}?zeitraum=7&geraet=phone`, 'json');
  assert.equal(phoneOnly.filter.geraet, 'phone');
  assert.equal(phoneOnly.tabellen.kennzahlen[0].begonnen, 1);
});
