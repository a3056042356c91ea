// The transparency registry's public pages (issue 5) through the real binary on the demo
// database: every page has the frame, is public and cacheable, sets no cookie; every link on
// them leads somewhere; the service table pages through every (municipality, service) pair;
// filters work and wrong ones get a 400 page; unknown processes and municipalities a 404.
// Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, query } from '../lib/server.mjs';
import { page, count, title, h1, links, assertFrame } from './html.mjs';

let server;
let municipalities = [];

// Usage of "Hund anmelden" ten days ago: Heidelberg above k, Stuttgart below.
function insertUsage(ags, kind, count) {
  const day = Math.floor(Date.now() / 86400000) - 10;
  const d = new Date(day * 86400000);
  const month = d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
  query(server.db, `INSERT INTO usage_daily (ags, process, day, month, version, variant, device, channel, kind, count)
    VALUES ('${ags}', 'hund-anmelden', ${day}, ${month}, 1, '', 'desktop', 'web', '${kind}', ${count});`);
  // The monthly rollup the storage writes beside the daily one (long periods read it).
  query(server.db, `INSERT INTO usage_monthly (ags, process, month, version, variant, device, channel, kind, count)
    VALUES ('${ags}', 'hund-anmelden', ${month}, 1, '', 'desktop', 'web', '${kind}', ${count});`);
}

before(async () => {
  server = await startServer({ command: 'demo' });
  municipalities = (await json(`${server.url}/api/v1/municipalities`)).body;
  insertUsage('08221000', 'started', 20);
  insertUsage('08221000', 'submitted', 10);
  insertUsage('08111000', 'started', 3);
});

after(async () => {
  const code = await server?.stop();
  server?.cleanup();
  assert.equal(code, 0);
});

async function registryPage(path, status = 200) {
  const res = await page(`${server.url}${path}`);
  assert.equal(res.status, status, `${path}: ${res.body.slice(0, 300)}`);
  assertFrame(res, { sandbox: true });
  assert.equal(res.headers.get('set-cookie'), null, `${path} sets no cookie`);
  if (status === 200) assert.equal(res.headers.get('cache-control'), 'public, max-age=60', path);
  return res;
}

const rowsOf = (html, tableId) => {
  const table = html.match(new RegExp(`<table[^>]*id="${tableId}"[\\s\\S]*?</table>`));
  return table ? count(table[0], /<tr class="kern-table__row">/g) - 1 : -1;  // minus the header row
};

test('the overview shows coverage per municipality and per district', async () => {
  const res = await registryPage('/register');
  assert.equal(h1(res.body), 'Transparenzregister');
  assert.match(title(res.body), /^Transparenzregister – /);
  assert.equal(rowsOf(res.body, 'abdeckung-kommunen'), municipalities.length);
  assert.ok(rowsOf(res.body, 'abdeckung-kreise') >= 1);
  for (const m of municipalities) assert.ok(links(res.body).includes(`/register/kommunen/${m.ags}`), m.name);
  assert.ok(links(res.body).includes('/api/v1/opendata/offerings?format=csv'));
  assert.match(res.body, /<nav class="aw-breadcrumbs"/);
});

test('every link on the registry pages leads to a page that exists', async () => {
  const seen = new Set();
  const queue = ['/register'];
  while (queue.length > 0 && seen.size < 120) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const res = await page(`${server.url}${path}`);
    assert.equal(res.status, 200, path);
    if (!path.startsWith('/register')) continue;  // follow links only from registry pages
    for (const href of links(res.body)) {
      if (!href.startsWith('/') || href.startsWith('/static/') || href === '#inhalt') continue;
      if (href.includes('seite=')) continue;  // the pager is walked by its own test
      if (!seen.has(href)) queue.push(href);
    }
  }
  for (const needed of ['/register/prozesse', '/register/leistungen', '/register/prozesse/hund-anmelden',
    '/register/kommunen/08111000', '/gemeinden/08111000/leistungen/hund-anmelden'])
    assert.ok(seen.has(needed), needed);
});

test('the service table pages at 50 through every municipality and service', async () => {
  let path = '/register/leistungen';
  let rows = 0;
  let total = null;
  for (let guard = 0; path && guard < 100; ++guard) {
    const res = await registryPage(path);
    const n = rowsOf(res.body, 'leistungen-tabelle');
    assert.ok(n > 0 && n <= 50, `${path}: ${n} rows`);
    rows += n;
    const m = res.body.match(/Seite (\d+) von (\d+) \((\d+) Einträge\)/);
    assert.ok(m, path);
    total = Number(m[3]);
    const next = res.body.match(/<a class="kern-link" href="([^"]+)" rel="next">/);
    path = next ? next[1].replaceAll('&amp;', '&') : null;
  }
  assert.equal(rows, total);
  assert.equal(total % municipalities.length, 0, 'every municipality × every catalogue service');
});

test('filters narrow the table; wrong filters get a 400 page', async () => {
  const res = await registryPage('/register/leistungen?kommune=08111000&reife=2&themenfeld=');
  const n = rowsOf(res.body, 'leistungen-tabelle');
  assert.ok(n >= 5, `${n} rows`);
  assert.match(res.body, /<option value="08111000" selected>Stuttgart<\/option>/);
  const table = res.body.match(/<table[^>]*id="leistungen-tabelle"[\s\S]*?<\/table>/)[0];
  assert.equal(count(table, />Stuttgart</g), n);
  assert.doesNotMatch(table, />Karlsruhe</);
  const none = await registryPage('/register/leistungen?kommune=08111000&reife=4');
  assert.match(none.body, /Keine Leistung passt zu diesem Filter/);
  for (const q of ['reife=7', 'kommune=12345678', 'themenfeld=Unbekannt', 'seite=0', 'reife=%ZZ'])
    await registryPage(`/register/leistungen?${q}`, 400);
});

test('a process page shows owner, status, version, the maturity criteria and adopters', async () => {
  const res = await registryPage('/register/prozesse/hund-anmelden');
  assert.equal(h1(res.body), 'Hund anmelden');
  assert.match(res.body, /<dt class="reg-facts__term">Eigentümer<\/dt><dd class="reg-facts__value">Stadt Heidelberg<\/dd>/);
  assert.match(res.body, /Reifegrad 2 – Online-Formular/);
  assert.match(res.body, />Online bezahlen<\/th>[\s\S]*?<td[^>]*>fehlt<\/td>/);
  assert.equal(rowsOf(res.body, 'nachnutzer'), 3);
  // Usage of the last twelve months, counts below 5 withheld.
  const usage = res.body.match(/<table[^>]*id="nutzung-tabelle"[\s\S]*?<\/table>/)[0].replace(/\s*\n\s*/g, '');
  assert.match(usage, />Heidelberg<\/th><td[^>]*>20<\/td><td[^>]*>10<\/td><td[^>]*>50,0 %<\/td>/);
  assert.match(usage, />Stuttgart<\/th><td[^>]*>&lt; 5<\/td><td[^>]*>&lt; 5<\/td><td[^>]*>–<\/td>/);
  const planned = await registryPage('/register/prozesse/wohnsitz-anmelden');
  assert.match(planned.body, /geplant/);
  assert.match(planned.body, /Noch keine Kommune bietet diesen Prozess an/);
  const list = await registryPage('/register/prozesse');
  assert.ok(rowsOf(list.body, 'standardprozesse') >= 9);
  for (const status of ['live', 'im Test', 'in Entwicklung', 'geplant']) assert.ok(list.body.includes(`>${status}<`), status);
});

test('a municipality page lists hosted, elsewhere and not-online services', async () => {
  for (const m of municipalities) {
    const res = await registryPage(`/register/kommunen/${m.ags}`);
    assert.equal(h1(res.body), m.name);
    const services = (await json(`${server.url}/api/v1/municipalities/${m.ags}/services`)).body;
    assert.equal(rowsOf(res.body, 'hier-online'), services.length, m.name);
    for (const s of services) assert.ok(links(res.body).includes(`/gemeinden/${m.ags}/leistungen/${s.process}`));
    assert.match(res.body, /<details class="reg-group">/);
  }
});

test('unknown processes and municipalities get the 404 page', async () => {
  for (const path of ['/register/prozesse/gibt-es-nicht', '/register/kommunen/12345678', '/register/kommunen/%3Cx%3E'])
    await registryPage(path, 404);
});
