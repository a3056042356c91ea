// Idempotency-Key on POST /api/v1/applications and the sandbox purge job, through the real
// binary (on SQLite and on PostgreSQL: the suite runs once per engine).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, json, postJson, countRows } from '../lib/server.mjs';

let server;
let body;  // a valid submission

before(async () => {
  server = await startServer({ command: 'demo' });
  const data = (await json(`${server.url}/api/v1/processes/hund-anmelden/example?municipality=08111000`)).body;
  body = JSON.stringify({ process: 'hund-anmelden', municipality: '08111000', data });
});

after(async () => {
  assert.equal(await server.stop(), 0);
  server.cleanup();
});

const submit = (key, payload = body) =>
  postJson(`${server.url}/api/v1/applications`, payload, key === undefined ? {} : { 'Idempotency-Key': key });

test('a repeated submission with the same key answers the same application and token', async () => {
  const key = randomUUID();
  const before = countRows(server.db, 'applications');
  const first = await submit(key);
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.equal(first.headers.get('idempotent-replayed'), null);
  const again = await submit(key);
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(again.body.reference, first.body.reference);
  assert.equal(again.body.access_token, first.body.access_token);
  assert.deepEqual(again.body.fee, first.body.fee);
  assert.equal(again.headers.get('location'), `/api/v1/applications/${first.body.reference}`);
  assert.equal(countRows(server.db, 'applications'), before + 1, 'stored once');
  // The replayed token opens the status.
  const status = await json(`${server.url}/api/v1/applications/${again.body.reference}`, {
    headers: { Authorization: `Bearer ${again.body.access_token}` },
  });
  assert.equal(status.status, 200);
  // The quoted form of the draft standard is the same key.
  const quoted = await submit(`"${key}"`);
  assert.equal(quoted.body.reference, first.body.reference);
});

test('the same key with different answers is refused and changes nothing', async () => {
  const key = randomUUID();
  const first = await submit(key);
  assert.equal(first.status, 201);
  const changed = JSON.parse(body);
  changed.data.email = 'someone.else@example.org';
  const reused = await submit(key, JSON.stringify(changed));
  assert.equal(reused.status, 422);
  assert.equal(reused.body.errors[0].code, 'idempotency_key_reused');
  assert.equal(reused.body.errors[0].field, 'Idempotency-Key');
  assert.equal(reused.body.access_token, undefined);
  assert.ok(!JSON.stringify(reused.body).includes(first.body.access_token), 'no token leaks');
});

test('malformed keys get 400 idempotency_key_invalid and store nothing', async () => {
  const before = countRows(server.db, 'applications');
  for (const bad of ['"', '""', 'x'.repeat(256), 'has space', 'ümlaut']) {
    const res = await fetch(`${server.url}/api/v1/applications`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': Buffer.from(bad).toString('latin1') },
      body,
    });
    assert.equal(res.status, 400, bad);
    assert.equal((await res.json()).errors[0].code, 'idempotency_key_invalid');
  }
  assert.equal(countRows(server.db, 'applications'), before);
});

test('concurrent repeats of one key race to a single application', async () => {
  const key = randomUUID();
  const before = countRows(server.db, 'applications');
  const answers = await Promise.all(Array.from({ length: 16 }, () => submit(key)));
  for (const a of answers) assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(new Set(answers.map((a) => a.body.reference)).size, 1);
  assert.equal(new Set(answers.map((a) => a.body.access_token)).size, 1);
  assert.equal(answers.filter((a) => a.headers.get('idempotent-replayed') === null).length, 1, 'one original');
  assert.equal(countRows(server.db, 'applications'), before + 1);
});

test('submissions without a key are never merged', async () => {
  const [a, b] = await Promise.all([submit(), submit()]);
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.notEqual(a.body.reference, b.body.reference);
});

test('keys never reach the access log', async () => {
  const key = `sentinel-${randomUUID()}`;
  assert.equal((await submit(key)).status, 201);
  await sleep(100);
  assert.ok(!server.stderr().includes(key));
});

test('sandbox applications are purged after the retention period, production ones are kept', async () => {
  const sandbox = await startServer({ command: 'demo', args: ['--job-period', '1', '--sandbox-retention-hours', '0'] });
  try {
    const res = await postJson(`${sandbox.url}/api/v1/applications`, body);
    assert.equal(res.status, 201);
    const url = `${sandbox.url}/api/v1/applications/${res.body.reference}`;
    const auth = { headers: { Authorization: `Bearer ${res.body.access_token}` } };
    // Retention 0 h: gone at the first run after the second it was submitted in.
    let status = 200;
    for (let i = 0; i < 40 && status === 200; ++i) {
      await sleep(100);
      status = (await json(url, auth)).status;
    }
    assert.equal(status, 404, 'purged');
    const metrics = await (await fetch(`${sandbox.url}/metrics`)).text();
    assert.match(metrics, /amtsweg_sandbox_purged_total \d/);
    assert.ok(Number(metrics.match(/amtsweg_sandbox_purged_total (\d+)/)[1]) >= 1);
    assert.ok(countRows(sandbox.db, 'job_runs') >= 1);
  } finally {
    await sandbox.stop();
    sandbox.cleanup();
  }
  const production = await startServer({ command: 'serve', db: server.db, args: ['--job-period', '1', '--sandbox-retention-hours', '0'] });
  try {
    const res = await postJson(`${production.url}/api/v1/applications`, body);
    assert.equal(res.status, 201);
    await sleep(2500);
    const status = await json(`${production.url}/api/v1/applications/${res.body.reference}`, {
      headers: { Authorization: `Bearer ${res.body.access_token}` },
    });
    assert.equal(status.status, 200, 'production data is never purged');
    assert.equal(status.body.sandbox, false);
  } finally {
    await production.stop();
  }
});
