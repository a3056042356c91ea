// /readyz follows the database: 503 while it refuses connections, 200 again once it is back,
// and the server serves submissions again without a restart (its connections heal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { engine, startServer, json, postJson } from '../lib/server.mjs';
import { pgUrl, psql } from '../lib/postgres.mjs';

// Polls `url` until it answers `status` or `ms` pass; returns the last status seen.
async function waitForStatus(url, status, ms = 10000) {
  const deadline = Date.now() + ms;
  let last;
  do {
    last = (await fetch(url)).status;
    if (last === status) return last;
    await sleep(100);
  } while (Date.now() < deadline);
  return last;
}

const kNotOnSqlite = 'SQLite is a file opened in-process: it cannot go away under a running server';

test('readyz is 503 while the database refuses connections, and the server heals', {
  skip: engine !== 'postgres' && kNotOnSqlite,
}, async () => {
  const server = await startServer({ command: 'demo', args: ['--no-access-log'] });
  const name = server.db.slice(server.db.lastIndexOf('/') + 1);
  const example = `${server.url}/api/v1/processes/hund-anmelden/example?municipality=08111000`;
  const data = (await json(example)).body;
  const submit = () => postJson(`${server.url}/api/v1/applications`,
    { process: 'hund-anmelden', municipality: '08111000', data });
  try {
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    assert.equal((await submit()).status, 201);

    // Cut the server off: no new connections to its database, and its open ones are ended.
    psql(pgUrl(), `ALTER DATABASE ${name} ALLOW_CONNECTIONS false;
      SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${name}';`);
    assert.equal(await waitForStatus(`${server.url}/readyz`, 503), 503);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the process itself is up');
    const refused = await submit();
    assert.ok(refused.status >= 500, `a submission without a database: ${refused.status}`);

    psql(pgUrl(), `ALTER DATABASE ${name} ALLOW_CONNECTIONS true;`);
    assert.equal(await waitForStatus(`${server.url}/readyz`, 200), 200);
    const accepted = await submit();
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    const status = await json(`${server.url}/api/v1/applications/${accepted.body.reference}`, {
      headers: { Authorization: `Bearer ${accepted.body.access_token}` },
    });
    assert.equal(status.status, 200);
    assert.equal(await server.stop(), 0);
  } finally {
    psql(pgUrl(), `ALTER DATABASE ${name} ALLOW_CONNECTIONS true;`);
    await server.stop();
    server.cleanup();
  }
});
