// Acknowledged submissions survive a kill -9, and `amtsweg serve --db` serves what
// `amtsweg demo` created.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, postJson, tempDir, countRows } from '../lib/server.mjs';

async function firstOffering(url) {
  const [m] = (await json(`${url}/api/v1/municipalities`)).body;
  const [s] = (await json(`${url}/api/v1/municipalities/${m.ags}/services`)).body;
  const data = (await json(`${url}/api/v1/processes/${s.process}/example?municipality=${m.ags}`)).body;
  return { process: s.process, municipality: m.ags, data };
}

test('every acknowledged submission is there after kill -9 and restart', async () => {
  const dir = tempDir();
  const demo = await startServer({ command: 'demo', dir, args: ['--no-access-log'] });
  const body = await firstOffering(demo.url);
  const acknowledged = [];
  let stop = false;
  // Concurrent writers, killed mid-flight.
  const writers = Array.from({ length: 16 }, async () => {
    while (!stop) {
      try {
        const res = await postJson(`${demo.url}/api/v1/applications`, body);
        if (res.status === 201) acknowledged.push(res.body);
      } catch {
        return;  // connection reset by the kill
      }
    }
  });
  await new Promise((r) => setTimeout(r, 1500));
  demo.child.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  assert.ok(acknowledged.length > 50, `${acknowledged.length} acknowledged`);

  // Same data: on SQLite dir/test.db, on PostgreSQL the database `demo` created.
  const served = await startServer({ command: 'serve', dir, db: demo.db, args: ['--no-access-log'] });
  for (const a of acknowledged) {
    const res = await json(`${served.url}/api/v1/applications/${a.reference}`, {
      headers: { Authorization: `Bearer ${a.access_token}` },
    });
    assert.equal(res.status, 200, `lost ${a.reference}`);
  }
  assert.equal(await served.stop(), 0);
  const rows = countRows(demo.db, 'applications');
  assert.ok(rows >= acknowledged.length, `${rows} rows for ${acknowledged.length} acknowledged`);
  served.cleanup();
  demo.cleanup();
});

test('graceful shutdown lets an in-flight submission finish', async () => {
  const server = await startServer({ command: 'demo', args: ['--no-access-log'] });
  const body = await firstOffering(server.url);
  const inFlight = Array.from({ length: 20 }, () => postJson(`${server.url}/api/v1/applications`, body));
  await new Promise((r) => setTimeout(r, 5));
  const exit = server.stop();
  const results = await Promise.allSettled(inFlight);
  assert.equal(await exit, 0);
  for (const r of results) {
    if (r.status === 'fulfilled') assert.ok([201].includes(r.value.status), `status ${r.value.status}`);
  }
  server.cleanup();
});
