// Open data of the transparency registry and the process monitor (issue 5), through the real
// binary on the demo database: GET /api/v1/opendata/offerings and /api/v1/opendata/usage, JSON
// and CSV, public (CORS *) and cacheable; usage cells below k = 5 come out as null and are
// named in `suppressed`. The usage rollups are written here by SQL with known counts, so the
// expected numbers are exact. Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, query } from '../lib/server.mjs';

const HEIDELBERG = '08221000';
const DAY = Date.UTC(2026, 9, 15) / 86400000;  // 2026-10-15 as days since 1970-01-01

let server;

// One rollup row per (process, device, kind); counts as given.
function insertDaily(process, device, kind, count) {
  query(server.db, `INSERT INTO usage_daily (ags, process, day, month, version, variant, device, channel, kind, count)
    VALUES ('${HEIDELBERG}', '${process}', ${DAY}, 202610, 1, '', '${device}', 'web', '${kind}', ${count});`);
  // The monthly rollup the storage writes beside the daily one (whole months read it).
  query(server.db, `INSERT INTO usage_monthly (ags, process, month, version, variant, device, channel, kind, count)
    VALUES ('${HEIDELBERG}', '${process}', 202610, 1, '', '${device}', 'web', '${kind}', ${count});`);
}
function insertDuration(process, bucket, count) {
  query(server.db, `INSERT INTO usage_durations (ags, process, day, month, version, variant, device, bucket_s, count)
    VALUES ('${HEIDELBERG}', '${process}', ${DAY}, 202610, 1, '', 'desktop', ${bucket}, ${count});`);
  query(server.db, `INSERT INTO usage_monthly_durations (ags, process, month, version, variant, device, bucket_s, count)
    VALUES ('${HEIDELBERG}', '${process}', 202610, 1, '', 'desktop', ${bucket}, ${count});`);
}

before(async () => {
  server = await startServer({ command: 'demo' });
  insertDaily('geburtsurkunde', 'phone', 'started', 7);
  insertDaily('geburtsurkunde', 'desktop', 'started', 5);
  insertDaily('geburtsurkunde', 'desktop', 'submitted', 6);
  insertDaily('geburtsurkunde', 'desktop', 'page_completed', 30);
  insertDuration('geburtsurkunde', 300, 3);
  insertDuration('geburtsurkunde', 600, 3);
  insertDaily('gewerbe-anmelden', 'phone', 'started', 4);
  insertDaily('gewerbe-anmelden', 'desktop', 'submitted', 1);
  insertDuration('gewerbe-anmelden', 60, 1);
});

after(async () => {
  const code = await server?.stop();
  server?.cleanup();
  assert.equal(code, 0);
});

const usageUrl = (q) => `${server.url}/api/v1/opendata/usage?${q}`;

function assertOpen(headers) {
  assert.equal(headers.get('access-control-allow-origin'), '*');
  assert.equal(headers.get('cache-control'), 'public, max-age=300');
}

test('usage: monthly counts per service, cells below k suppressed with what derives from them', async () => {
  const res = await json(usageUrl(`municipality=${HEIDELBERG}&from=2026-10&to=2026-10`));
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assertOpen(res.headers);
  assert.equal(res.body.k, 5);
  assert.deepEqual(res.body.municipality, { ags: HEIDELBERG, name: 'Heidelberg' });
  assert.equal(res.body.from, '2026-10');
  assert.deepEqual(res.body.rows, [
    {
      month: '2026-10', process: 'geburtsurkunde', leika_key: '99027002012000',
      started: 12, submitted: 6, conversion: 0.5, median_seconds: 300, suppressed: [],
    },
    {
      month: '2026-10', process: 'gewerbe-anmelden', leika_key: '99050012104000',
      started: null, submitted: null, conversion: null, median_seconds: null,
      suppressed: ['started', 'submitted', 'conversion', 'median_seconds'],
    },
  ]);
});

test('usage: CSV with the same rows, empty cells where suppressed', async () => {
  const res = await fetch(usageUrl(`municipality=${HEIDELBERG}&from=2026-10&to=2026-10&format=csv`));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  assertOpen(res.headers);
  assert.equal(await res.text(),
    'month,process,leika_key,started,submitted,conversion,median_seconds,suppressed\r\n' +
    '2026-10,geburtsurkunde,99027002012000,12,6,0.500,300,\r\n' +
    '2026-10,gewerbe-anmelden,99050012104000,,,,,started;submitted;conversion;median_seconds\r\n');
});

test('usage: other months and other municipalities see none of it', async () => {
  const before = await json(usageUrl(`municipality=${HEIDELBERG}&from=2026-08&to=2026-09`));
  assert.deepEqual(before.body.rows, []);
  const stuttgart = await json(usageUrl('municipality=08111000&from=2026-10&to=2026-10'));
  assert.deepEqual(stuttgart.body.rows, []);
});

test('usage: wrong requests get 4xx with stable codes, readable cross-origin', async () => {
  const cases = [
    ['', 400, 'municipality', 'required'],
    ['municipality=0822', 400, 'municipality', 'invalid'],
    ['municipality=0822100x', 400, 'municipality', 'invalid'],
    ['municipality=09162000', 404, 'municipality', null],
    [`municipality=${HEIDELBERG}&from=2026-13`, 400, 'from', 'invalid'],
    [`municipality=${HEIDELBERG}&to=oktober`, 400, 'to', 'invalid'],
    [`municipality=${HEIDELBERG}&from=2026-10&to=2026-01`, 400, 'from', 'invalid'],
    [`municipality=${HEIDELBERG}&from=2000-01&to=2026-01`, 400, 'from', 'invalid'],
    [`municipality=${HEIDELBERG}&format=xml`, 400, 'format', 'invalid'],
  ];
  for (const [q, status, field, code] of cases) {
    const res = await json(usageUrl(q));
    assert.equal(res.status, status, q);
    assert.equal(res.headers.get('access-control-allow-origin'), '*', q);
    assert.equal(res.body.errors[0].field, field, q);
    if (code) assert.equal(res.body.errors[0].code, code, q);
    assert.ok(res.body.errors[0].message.length > 0);
  }
});

test('offerings: every online offer in the federal dashboard shape', async () => {
  const res = await json(`${server.url}/api/v1/opendata/offerings`);
  assert.equal(res.status, 200);
  assertOpen(res.headers);
  const rows = res.body.rows;
  const municipalities = (await json(`${server.url}/api/v1/municipalities`)).body;
  let hosted = 0;
  for (const m of municipalities) {
    for (const s of (await json(`${server.url}/api/v1/municipalities/${m.ags}/services`)).body) {
      const row = rows.find((r) => r.ars === m.ars && r.leika_key === s.leika);
      assert.ok(row, `${m.name} ${s.process}`);
      assert.equal(row.process, s.process);
      assert.equal(row.url, `/gemeinden/${m.ags}/leistungen/${s.process}`);
      assert.equal(row.maturity_level, 2, 'online form, no payment or digital answer yet');
      assert.equal(row.online_status, 'online');
      assert.equal(row.ars_name, m.name);
      ++hosted;
    }
  }
  const elsewhere = rows.filter((r) => r.process === null);
  assert.equal(rows.length, hosted + elsewhere.length);
  assert.ok(elsewhere.length > 0, 'the demo has offers on other portals');
  for (const r of rows) {
    assert.deepEqual(Object.keys(r).sort(),
      ['ars', 'ars_name', 'leika_key', 'leika_name', 'maturity_level', 'online_status', 'process', 'url']);
    assert.match(r.leika_key, /^\d{14}$/);
    assert.match(r.ars, /^\d{12}$/);
    assert.ok(r.leika_name.length > 0);
    assert.ok(r.maturity_level >= 0 && r.maturity_level <= 4);
  }
  for (const r of elsewhere)
    assert.equal(r.url, `https://verwaltung.bund.de/leistungsverzeichnis/de/leistung/${r.leika_key}`);
});

test('offerings: CSV has the header and one line per JSON row', async () => {
  const rows = (await json(`${server.url}/api/v1/opendata/offerings`)).body.rows;
  const res = await fetch(`${server.url}/api/v1/opendata/offerings?format=csv`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(res.headers.get('content-disposition'), /attachment; filename="amtsweg-angebote.csv"/);
  assertOpen(res.headers);
  const text = await res.text();
  assert.ok(text.endsWith('\r\n'));
  const lines = text.split('\r\n').slice(0, -1);
  assert.equal(lines[0], 'leika_key,leika_name,ars,ars_name,online_status,url,maturity_level,process');
  assert.equal(lines.length, rows.length + 1);
  const first = rows[0];
  assert.ok(lines[1].startsWith(`${first.leika_key},`));
  assert.ok(lines[1].endsWith(`,${first.maturity_level},${first.process ?? ''}`));
  assert.equal((await fetch(`${server.url}/api/v1/opendata/offerings?format=pdf`)).status, 400);
});
