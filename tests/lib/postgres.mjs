// Test helpers for the throwaway PostgreSQL cluster that scripts/test-postgres starts (in CTest:
// the fixture `postgres`, which sets AMTSWEG_TEST_PG_DIR). Each test gets its own database:
//
//   const db = createDatabase();         // { url, name, drop() }
//   psql(db.url, 'SELECT 1');            // '1'
//   db.drop();
//
// Everything goes through the `psql` CLI (synchronously), so no npm driver is needed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const kDatabasePrefix = 'amtsweg_t_';

// The cluster's base URL (`postgresql://amtsweg@127.0.0.1:PORT/postgres`).
export function pgUrl() {
  const dir = process.env.AMTSWEG_TEST_PG_DIR;
  if (!dir) {
    throw new Error('AMTSWEG_TEST_PG_DIR is not set: run the *_postgres suites through ctest ' +
      '(fixture `postgres`), or `scripts/test-postgres start DIR` and export AMTSWEG_TEST_PG_DIR=DIR');
  }
  const file = path.join(dir, 'url');
  let url;
  try {
    url = readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new Error(`no test PostgreSQL cluster in ${dir} (${e.code}): is the fixture running? ` +
      `start one with scripts/test-postgres start ${dir}`);
  }
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`${file} does not hold a PostgreSQL URL: '${url}'`);
  return url;
}

// Runs SQL (one or more statements; stops at the first error) and returns psql's unaligned,
// tuples-only output, trimmed. Throws with psql's message on failure.
export function psql(url, sql) {
  const r = spawnSync('psql', ['-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'], {
    input: sql,
    encoding: 'utf8',
    timeout: 30000,
  });
  if (r.error) throw new Error(`psql could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`psql failed (exit ${r.status}) on ${url}:\n${sql}\n${r.stderr}`);
  return r.stdout.trim();
}

// `base` with its database name replaced by `name`, keeping user, host, port and parameters.
function withDatabase(base, name) {
  const m = base.match(/^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/);
  if (!m) throw new Error(`cannot parse PostgreSQL URL '${base}'`);
  return `${m[1]}/${name}${m[2] ?? ''}`;
}

// A fresh, empty database with a random name; drop() removes it (idempotent, and it also ends
// connections a killed server left behind).
export function createDatabase() {
  const base = pgUrl();
  const name = kDatabasePrefix + randomBytes(8).toString('hex');
  psql(base, `CREATE DATABASE ${name}`);
  let dropped = false;
  return {
    url: withDatabase(base, name),
    name,
    drop() {
      if (dropped) return;
      psql(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      dropped = true;
    },
  };
}
