// The process monitor's numbers equal what a set of scripted journeys did (issue 5): four
// browsers (phone, desktop, tablet, desktop) and a crawler go through "Hund anmelden" in
// Stuttgart in known ways — one submits, one trips over page two's required fields and leaves, one
// leaves on the first page, one saves, resumes in another browser and submits — plus one API
// submission. After the recorder's flush and the abandonment job, the rollups hold exactly those
// counts, and no answer typed in reaches a usage table or the log. Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, query } from '../lib/server.mjs';
import { Browser, readForm } from './browser.mjs';
import { startDraft, fillPage, pageIdOf } from './journey-steps.mjs';

const AGS = '08111000';
const PROCESS = 'hund-anmelden';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const TABLET = 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const CRAWLER = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const ABANDON_AFTER_S = 6;
// Typed into the form by every browser; must never reach the usage tables or the log.
const SENTINEL = `Amselweg${process.pid}x${Date.now() % 100000}`;

let server;
let definition;
let example;

before(async () => {
  server = await startServer({
    command: 'demo',
    args: ['--usage-flush-ms', '50', '--abandon-after-seconds', String(ABANDON_AFTER_S), '--job-period', '1'],
  });
  definition = (await json(`${server.url}/api/v1/processes/${PROCESS}?municipality=${AGS}`)).body;
  example = (await json(`${server.url}/api/v1/processes/${PROCESS}/example?municipality=${AGS}`)).body;
  example.nachname = SENTINEL;
});

after(async () => {
  const code = await server?.stop();
  server?.cleanup();
  assert.equal(code, 0);
});

// Fills pages until the review; returns the pages completed, in order.
async function fillToReview(b, res) {
  const completed = [];
  let location = res.url;
  for (let guard = 0; guard < 20 && !location.endsWith('/pruefen'); ++guard) {
    completed.push(pageIdOf(location));
    location = await fillPage(b, res, definition, example);
    if (!location.endsWith('/pruefen')) res = await b.get(location);
  }
  return completed;
}

async function submit(b, draft) {
  const review = await b.get(`/antrag/${draft}/pruefen`);
  const sent = await b.submit(readForm(review.body, '/absenden'), []);
  assert.equal(sent.status, 303, sent.body);
  assert.equal((await b.get(sent.headers.get('location'))).status, 200);
}

// Rollup sums for the service, by kind (and by `by`, a column of the table).
function sums(table, by = null) {
  const rows = query(server.db, `SELECT ${by ? `${by}, ` : ''}kind, SUM(count) FROM ${table}
    WHERE ags = '${AGS}' AND process = '${PROCESS}' GROUP BY ${by ? `${by}, ` : ''}kind;`);
  const out = {};
  for (const line of rows.split('\n').filter(Boolean)) {
    const cells = line.split('|');
    out[cells.slice(0, -1).join('/')] = Number(cells.at(-1));
  }
  return out;
}

async function eventually(check, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try { return check(); } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: ${last?.message}`);
}

test('the rollups count exactly what scripted journeys did', async () => {
  const pages = [];  // completed pages, every journey
  // 1. Phone: the whole journey, submitted.
  const phone = new Browser(server.url, { userAgent: PHONE });
  const j1 = await startDraft(phone, AGS, PROCESS);
  pages.push(...await fillToReview(phone, j1.res));
  const allPages = [...pages];
  await submit(phone, j1.draft);

  // 2. Desktop: completes the first page, then "Weiter" on an empty second page, and leaves.
  const desk = new Browser(server.url, { userAgent: DESKTOP });
  const j2 = await startDraft(desk, AGS, PROCESS);
  const second = await fillPage(desk, j2.res, definition, example);
  pages.push(allPages[0]);
  const secondPage = await desk.get(second);
  const empty = await desk.submit(readForm(secondPage.body), [['aktion', 'weiter']]);
  assert.equal(empty.status, 200);
  assert.match(empty.body, /<title>Fehler: /, 'an empty page with required fields comes back with errors');
  const anchors = [...empty.body.matchAll(/<a class="kern-link" href="#(f-[^"]+)"/g)].map((m) => m[1]);
  assert.ok(anchors.length > 0, 'the error summary links the fields');

  // 3. Tablet: starts and leaves on the first page.
  const tablet = new Browser(server.url, { userAgent: TABLET });
  await startDraft(tablet, AGS, PROCESS);

  // 4. Desktop: saves the first page for later, resumes in another browser, submits.
  const saver = new Browser(server.url, { userAgent: DESKTOP });
  const j4 = await startDraft(saver, AGS, PROCESS);
  const saved = await saver.submit(readForm(j4.res.body), [['vorname', 'Erika'], ['aktion', 'speichern']]);
  const link = saved.body.match(/href="(http:\/\/[^"]*\/fortsetzen\?schluessel=[^"]*)"/)?.[1];
  assert.ok(link, 'the resume link is shown');
  const later = new Browser(server.url, { userAgent: DESKTOP });
  const resumed = await later.get(new URL(link).pathname + new URL(link).search);
  assert.equal(resumed.status, 303);
  const first = await later.get(resumed.headers.get('location'));
  pages.push(...await fillToReview(later, first));
  await submit(later, j4.draft);

  // Views: every start looked at the service page; two more people and a crawler look only.
  await new Browser(server.url, { userAgent: PHONE }).get(`/gemeinden/${AGS}/leistungen/${PROCESS}`);
  await new Browser(server.url, { userAgent: DESKTOP }).get(`/gemeinden/${AGS}/leistungen/${PROCESS}`);
  await new Browser(server.url, { userAgent: CRAWLER }).get(`/gemeinden/${AGS}/leistungen/${PROCESS}`);

  // 5. One submission through the API.
  const api = await json(`${server.url}/api/v1/applications`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': 'Fachverfahren/1.0' },
    body: JSON.stringify({ municipality: AGS, process: PROCESS, data: example }),
  });
  assert.equal(api.status, 201, JSON.stringify(api.body));

  // Journeys 2 and 3 become abandoned once they have been quiet for ABANDON_AFTER_S.
  // The fields counted: one per field the summary names ("hunde[].name" for #f-hunde-0-name).
  const recorded = () => query(server.db, `SELECT DISTINCT field FROM usage_daily_fields
    WHERE ags = '${AGS}' AND process = '${PROCESS}';`).split('\n').filter(Boolean);
  const byKind = await eventually(() => {
    const daily = sums('usage_daily');
    assert.equal(daily.abandoned, 2, JSON.stringify(daily));
    return daily;
  }, 'two journeys abandoned', (ABANDON_AFTER_S + 20) * 1000);
  assert.deepEqual(byKind, {
    service_viewed: 6,
    started: 4,
    page_completed: pages.length,
    validation_error: recorded().length,
    draft_saved: 1,
    resumed: 1,
    submitted: 3,
    abandoned: 2,
  });
  assert.deepEqual(sums('usage_daily', 'channel'), {
    'web/service_viewed': 6, 'web/started': 4, 'web/page_completed': pages.length,
    'web/validation_error': byKind.validation_error, 'web/draft_saved': 1, 'web/resumed': 1,
    'web/submitted': 2, 'api/submitted': 1, 'web/abandoned': 2,
  });
  const devices = sums('usage_daily', 'device');
  assert.equal(devices['phone/started'], 1);
  assert.equal(devices['tablet/started'], 1);
  assert.equal(devices['desktop/started'], 2);
  assert.equal(devices['phone/submitted'], 1);
  assert.equal(devices['phone/service_viewed'], 2);

  // Per page: completions in the order the journeys went; drop-off where the two stopped.
  const perPage = sums('usage_daily_pages', 'page');
  const expectedCompleted = {};
  for (const p of pages) expectedCompleted[`${p}/page_completed`] = (expectedCompleted[`${p}/page_completed`] ?? 0) + 1;
  for (const [k, v] of Object.entries(expectedCompleted)) assert.equal(perPage[k], v, k);
  assert.equal(perPage[`${allPages[1]}/abandoned`], 1, 'journey 2 stopped on page two');
  assert.equal(perPage[`${allPages[0]}/abandoned`], 1, 'journey 3 stopped on page one');
  assert.equal(perPage[`${allPages[1]}/validation_error`], byKind.validation_error);

  // Operators see the same counts in /metrics (every event the recorder accepted, by kind; the
  // crawler's view was never recorded), the abandonment job's count and the writer's queue.
  const metrics = (await json(`${server.url}/metrics`)).body;
  const metric = (line) => Number(metrics.match(new RegExp(`^${line.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm'))?.[1]);
  for (const [kind, n] of Object.entries(byKind)) {
    if (kind !== 'abandoned') assert.equal(metric(`amtsweg_usage_events_total{kind="${kind}"}`), n, kind);
  }
  assert.equal(metric('amtsweg_usage_journeys_abandoned_total'), 2);
  assert.equal(metric('amtsweg_usage_events_dropped_total'), 0);
  assert.ok(Number.isFinite(metric('amtsweg_db_writer_queue')), 'the writer queue gauge is exported');

  // Time to submit: one entry per submitted browser journey, none for the API.
  assert.equal(Number(query(server.db, `SELECT SUM(count) FROM usage_durations WHERE ags = '${AGS}' AND process = '${PROCESS}';`)), 2);
  // Field errors name definition fields, never values: each one the summary named, and every
  // field the summary named is counted.
  const fields = recorded();
  assert.ok(fields.length > 0);
  const anchorOf = (f) => `f-${f.replace(/\[\]/g, '-0').replace(/\./g, '-')}`;
  for (const f of fields) {
    assert.match(f, /^[a-z_]+(\[\])?(\.[a-z_]+)?$/, f);
    assert.ok(anchors.some((a) => a === anchorOf(f) || a.startsWith(`${anchorOf(f)}-`)), `${f} in ${anchors}`);
  }
  for (const a of anchors) {
    assert.ok(fields.some((f) => a === anchorOf(f) || a.startsWith(`${anchorOf(f)}-`)), `${a} counted`);
  }
});

test('no answer reaches the usage tables or the log', async () => {
  const tables = ['usage_events', 'usage_daily', 'usage_daily_pages', 'usage_daily_fields', 'usage_durations',
    'usage_journeys'];
  for (const table of tables) {
    const dump = query(server.db, `SELECT * FROM ${table};`);
    assert.ok(dump.length > 0, `${table} has rows`);
    assert.ok(!dump.includes(SENTINEL), `${table} holds no answer`);
    assert.ok(!dump.includes('Erika'), `${table} holds no answer`);
    assert.ok(!/\d+\.\d+\.\d+\.\d+/.test(dump), `${table} holds no IP address`);
    assert.ok(!/Mozilla|iPhone|Googlebot/.test(dump), `${table} holds no User-Agent`);
  }
  const log = server.stderr();
  assert.ok(!log.includes(SENTINEL), 'the log holds no answer');
  // Journey ids are random and never the draft id.
  const drafts = query(server.db, 'SELECT id FROM drafts;').split('\n').filter(Boolean);
  const journeys = query(server.db, 'SELECT journey FROM usage_journeys;').split('\n').filter(Boolean);
  for (const j of journeys) assert.match(j, /^[0-9a-f]{32}$/);
  for (const d of drafts) assert.ok(!journeys.includes(d));
});
