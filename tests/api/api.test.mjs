// The JSON API of issue #2, driven through the real binary on a demo database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, postJson } from '../lib/server.mjs';

let server;
let offerings = [];  // [{ags, process, variant}]

before(async () => {
  server = await startServer({ command: 'demo' });
  const municipalities = (await json(`${server.url}/api/v1/municipalities`)).body;
  for (const m of municipalities) {
    const services = (await json(`${server.url}/api/v1/municipalities/${m.ags}/services`)).body;
    for (const s of services) offerings.push({ ags: m.ags, process: s.process, variant: s.variant });
  }
});

after(async () => {
  const code = await server.stop();
  assert.equal(code, 0, 'graceful shutdown exits 0');
  server.cleanup();
});

const REFERENCE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/;

async function example(o) {
  const res = await json(`${server.url}/api/v1/processes/${o.process}/example?municipality=${o.ags}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function definition(o) {
  const res = await json(`${server.url}/api/v1/processes/${o.process}?municipality=${o.ags}`);
  assert.equal(res.status, 200);
  return res.body;
}

test('health, readiness and metrics', async () => {
  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
  assert.equal(await health.text(), 'ok');
  assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  assert.match(metrics, /# TYPE amtsweg_http_requests_total counter/);
  assert.match(metrics, /amtsweg_http_request_duration_seconds_bucket\{route="\/healthz",le="/);
});

test('municipalities have real 8-digit keys and names', async () => {
  const res = await json(`${server.url}/api/v1/municipalities`);
  assert.equal(res.status, 200);
  assert.ok(res.body.length >= 3, 'at least three municipalities');
  for (const m of res.body) {
    assert.match(m.ags, /^\d{8}$/);
    assert.ok(m.name.length > 0);
  }
});

test('the demo offers at least five standard processes with LeiKa keys, one through a variant', async () => {
  const processes = new Set(offerings.map((o) => o.process));
  assert.ok(processes.size >= 5, `${processes.size} processes`);
  assert.ok(offerings.some((o) => o.variant), 'at least one variant');
  const services = (await json(`${server.url}/api/v1/municipalities/${offerings[0].ags}/services`)).body;
  for (const s of services) {
    assert.match(s.leika, /^\d{14}$/);
    assert.equal(typeof s.version, 'number');
    assert.ok(s.title.length > 0);
  }
});

test('unknown municipality and process answer 404 with the error shape', async () => {
  let res = await json(`${server.url}/api/v1/municipalities/99999999/services`);
  assert.equal(res.status, 404);
  assert.equal(res.body.errors[0].code, 'not_found');
  res = await json(`${server.url}/api/v1/processes/gibt-es-nicht?municipality=${offerings[0].ags}`);
  assert.equal(res.status, 404);
  res = await json(`${server.url}/api/v1/processes/${offerings[0].process}`);
  assert.equal(res.status, 400, 'municipality parameter is required');
  assert.equal(res.body.errors[0].field, 'municipality');
});

test('a variant changes the effective definition of its municipality only', async () => {
  const variant = offerings.find((o) => o.variant);
  const standard = offerings.find((o) => o.process === variant.process && !o.variant);
  const v = await definition(variant);
  assert.equal(v.variant, variant.variant);
  if (standard) {
    const s = await definition(standard);
    assert.notDeepEqual(v, s);
    assert.ok(v.office.id !== s.office.id, 'different office');
  }
});

test('every offered service accepts its own example, answers a reference and a token', async () => {
  for (const o of offerings) {
    const data = await example(o);
    const res = await postJson(`${server.url}/api/v1/applications`, { process: o.process, municipality: o.ags, data });
    assert.equal(res.status, 201, `${o.process}@${o.ags}: ${JSON.stringify(res.body)}`);
    assert.match(res.body.reference, REFERENCE);
    assert.equal(res.body.status, 'submitted');
    assert.ok(res.body.access_token.length >= 40);
    assert.equal(res.headers.get('location'), `/api/v1/applications/${res.body.reference}`);

    const status = await json(`${server.url}/api/v1/applications/${res.body.reference}`, {
      headers: { Authorization: `Bearer ${res.body.access_token}` },
    });
    assert.equal(status.status, 200);
    assert.equal(status.body.reference, res.body.reference);
    assert.equal(status.body.process, o.process);
    assert.equal(status.body.municipality, o.ags);
    assert.equal(status.body.status, 'submitted');
    assert.match(status.body.submitted_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(typeof status.body.fee.cents, 'number');
    assert.equal(status.body.fee.cents, res.body.fee.cents);
  }
});

test('a variant computes its own fee from the same answers', async () => {
  const variant = offerings.find((o) => o.variant);
  const standard = offerings.find((o) => o.process === variant.process && !o.variant);
  if (!standard) return;
  const data = await example(standard);
  const a = await postJson(`${server.url}/api/v1/applications`, { process: standard.process, municipality: standard.ags, data });
  const b = await postJson(`${server.url}/api/v1/applications`, { process: variant.process, municipality: variant.ags, data: await example(variant) });
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  const va = await definition(standard);
  const vb = await definition(variant);
  assert.notEqual(JSON.stringify(va.fee), JSON.stringify(vb.fee), 'fee rules differ');
});

test('the status of an application is only shown with its token; otherwise the same 404', async () => {
  const o = offerings[0];
  const res = await postJson(`${server.url}/api/v1/applications`, { process: o.process, municipality: o.ags, data: await example(o) });
  const ref = res.body.reference;
  const noToken = await json(`${server.url}/api/v1/applications/${ref}`);
  const wrongToken = await json(`${server.url}/api/v1/applications/${ref}`, { headers: { Authorization: 'Bearer x' } });
  const unknown = await json(`${server.url}/api/v1/applications/0000-0000-0`, { headers: { Authorization: `Bearer ${res.body.access_token}` } });
  const garbage = await json(`${server.url}/api/v1/applications/%3Cscript%3E`, { headers: { Authorization: `Bearer ${res.body.access_token}` } });
  for (const r of [noToken, wrongToken, unknown, garbage]) {
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, noToken.body, 'indistinguishable');
  }
  const lower = await json(`${server.url}/api/v1/applications/${ref.toLowerCase().replaceAll('-', '')}`, {
    headers: { Authorization: `Bearer ${res.body.access_token}` },
  });
  assert.equal(lower.status, 200, 'references are read the way people type them');
});

test('missing required answers: 422 with one error per field, German messages', async () => {
  const o = offerings.find((x) => !x.variant);
  const def = await definition(o);
  const required = def.pages[0].fields.filter((f) => f.required && !f.required_if && !f.visible_if).map((f) => f.id);
  assert.ok(required.length > 0);
  const res = await postJson(`${server.url}/api/v1/applications`, { process: o.process, municipality: o.ags, data: {} });
  assert.equal(res.status, 422);
  const fields = res.body.errors.map((e) => e.field);
  for (const id of required) assert.ok(fields.includes(`data.${id}`), `error for ${id}: ${JSON.stringify(fields)}`);
  assert.equal(new Set(fields).size, fields.length, 'one error per field');
  for (const e of res.body.errors) {
    assert.equal(e.code, 'required');
    assert.ok(e.message.length > 5);
  }
});

test('unknown fields are rejected, wrong types named', async () => {
  const o = offerings[0];
  const data = await example(o);
  data.gibt_es_nicht = 'x';
  const firstKey = Object.keys(data).find((k) => typeof data[k] === 'string');
  data[firstKey] = 12345;
  const res = await postJson(`${server.url}/api/v1/applications`, { process: o.process, municipality: o.ags, data });
  assert.equal(res.status, 422);
  const byField = Object.fromEntries(res.body.errors.map((e) => [e.field, e.code]));
  assert.equal(byField['data.gibt_es_nicht'], 'unknown_field');
  assert.equal(byField[`data.${firstKey}`], 'type');
});

test('envelope errors', async () => {
  const o = offerings[0];
  const url = `${server.url}/api/v1/applications`;
  let res = await postJson(url, { process: o.process, municipality: o.ags, data: {}, extra: 1 });
  assert.equal(res.status, 422);
  assert.ok(res.body.errors.some((e) => e.field === 'extra' && e.code === 'unknown_field'));
  res = await postJson(url, { municipality: o.ags, data: {} });
  assert.equal(res.status, 422);
  assert.ok(res.body.errors.some((e) => e.field === 'process' && e.code === 'required'));
  res = await postJson(url, [1, 2]);
  assert.equal(res.status, 422);
  res = await postJson(url, { process: 'gibt-es-nicht', municipality: o.ags, data: {} });
  assert.equal(res.status, 404);
  assert.equal(res.body.errors[0].field, 'process');
  res = await postJson(url, { process: o.process, municipality: '00000000', data: {} });
  assert.equal(res.status, 404);
  assert.equal(res.body.errors[0].field, 'municipality');
});

test('malformed bodies: 400, 415, 413 — and the server keeps serving', async () => {
  const url = `${server.url}/api/v1/applications`;
  let res = await postJson(url, '{"process": ');
  assert.equal(res.status, 400);
  assert.equal(res.body.errors[0].code, 'malformed_json');
  res = await json(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) });
  assert.equal(res.status, 400, 'invalid UTF-8');
  res = await postJson(url, '['.repeat(100000));
  assert.equal(res.status, 400, 'deep nesting');
  res = await json(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
  assert.equal(res.status, 415);
  res = await postJson(url, JSON.stringify({ process: 'x', municipality: 'y', data: { a: 'x'.repeat(2 * 1024 * 1024) } }));
  assert.equal(res.status, 413);
  assert.equal(res.body.errors[0].code, 'payload_too_large');
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
});

test('every response carries the security headers', async () => {
  for (const path of ['/healthz', '/api/v1/municipalities', '/nope']) {
    const res = await fetch(`${server.url}${path}`);
    const csp = res.headers.get('content-security-policy');
    assert.ok(csp && !csp.includes('unsafe-inline') && csp.includes("frame-ancestors 'none'"), csp);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('referrer-policy'));
  }
});

test('the access log names routes, never paths, tokens or answers', async () => {
  const o = offerings[0];
  const data = await example(o);
  const res = await postJson(`${server.url}/api/v1/applications`, { process: o.process, municipality: o.ags, data });
  await json(`${server.url}/api/v1/applications/${res.body.reference}`, { headers: { Authorization: `Bearer ${res.body.access_token}` } });
  await new Promise((r) => setTimeout(r, 200));
  const log = server.stderr();
  assert.match(log, /"route":"\/api\/v1\/applications\/\{reference\}"/);
  assert.ok(!log.includes(res.body.reference), 'no reference in the log');
  assert.ok(!log.includes(res.body.access_token), 'no token in the log');
  for (const value of Object.values(data)) {
    // Dates are skipped: every log line carries today's date as its timestamp.
    if (typeof value === 'string' && value.length > 6 && !/^\d{4}-\d\d-\d\d$/.test(value)) {
      assert.ok(!log.includes(value), `answer ${value} in the log`);
    }
  }
});

test('answers to hidden fields are ignored; the same answers count once the field is visible', async () => {
  const o = offerings.find((x) => x.process === 'hund-anmelden');
  const data = await example(o);
  assert.equal(data.lastschrift, false, 'the example pays without direct debit');
  const hidden = { ...data, iban: 'kaputt', kontoinhaber: 'x' };
  let res = await postJson(`${server.url}/api/v1/applications`, { process: o.process, municipality: o.ags, data: hidden });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  res = await postJson(`${server.url}/api/v1/applications`, { process: o.process, municipality: o.ags, data: { ...hidden, lastschrift: true } });
  assert.equal(res.status, 422);
  const byField = Object.fromEntries(res.body.errors.map((e) => [e.field, e.code]));
  assert.equal(byField['data.iban'], 'invalid_iban');
  res = await postJson(`${server.url}/api/v1/applications`, {
    process: o.process, municipality: o.ags, data: { ...hidden, lastschrift: true, iban: 'DE89 3704 0044 0532 0130 00' },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
});

test('errors inside repeatable groups name the entry', async () => {
  const o = offerings.find((x) => x.process === 'hund-anmelden');
  const data = await example(o);
  data.hunde = [data.hunde[0], { ...data.hunde[0], chipnummer: '12' }];
  const res = await postJson(`${server.url}/api/v1/applications`, { process: o.process, municipality: o.ags, data });
  assert.equal(res.status, 422);
  assert.deepEqual(res.body.errors.map((e) => [e.field, e.code]), [['data.hunde[1].chipnummer', 'pattern']]);
  assert.match(res.body.errors[0].message, /Chipnummer|15/);
});
