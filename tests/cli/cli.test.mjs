// amtsweg's command line: --version, check, logic eval, migrate, bad flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, tempDir, engine, freshDatabase, query } from '../lib/server.mjs';

const SRC = process.env.AMTSWEG_SOURCE_DIR;
const run = (...args) => spawnSync(BIN, args, { encoding: 'utf8', timeout: 30000 });
const runFor = (timeout, ...args) => spawnSync(BIN, args, { encoding: 'utf8', timeout });

test('--version', () => {
  const r = run('--version');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^amtsweg \d+\.\d+\.\d+/);
});

test('unknown commands and bad flags fail clearly', () => {
  let r = run('frobnicate');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
  r = run('serve', '--port', 'abc');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /invalid value 'abc' for --port/);
  r = run('serve', '--bogus');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown option '--bogus'/);
});

test('check accepts every seed definition', () => {
  const files = [];
  for (const sub of ['processes', 'variants'])
    for (const f of readdirSync(path.join(SRC, 'seed', sub))) files.push(path.join(SRC, 'seed', sub, f));
  const r = run('check', ...files);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /valid/);
});

test('check reports file, line and field, exit 1', () => {
  const dir = tempDir();
  const file = path.join(dir, 'bad.yaml');
  writeFileSync(file, [
    'process: kaputt',
    'version: 1',
    'leika: "123"',
    'title: Kaputt',
    'summary: x',
    'audience: citizen',
    'trust_level: none',
    'routing: {office_role: x}',
    'retention_days: 30',
    'pages:',
    '  - id: p',
    '    title: Seite',
    '    fields:',
    '      - id: a',
    '        type: text',
    '        label: A',
    '        colour: blue',
    '      - id: a',
    '        type: text',
    '        label: B',
    '        visible_if: {"==": [{"var": "gibts_nicht"}, 1]}',
    '',
  ].join('\n'));
  const r = run('check', file);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad\.yaml:3: leika: /);
  assert.match(r.stderr, /bad\.yaml:17: .*colour/);
  assert.match(r.stderr, /bad\.yaml:18: .*duplicate|bad\.yaml:18: .*doppelt/i);
  assert.match(r.stderr, /gibts_nicht/);
});

test('check of a YAML syntax error and of a missing file', () => {
  const dir = tempDir();
  const file = path.join(dir, 'syntax.yaml');
  writeFileSync(file, 'process: x\npages: [\n');
  let r = run('check', file);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /syntax\.yaml:\d+:/);
  r = run('check', path.join(dir, 'missing.yaml'));
  assert.equal(r.status, 1);
  r = run('check');
  assert.equal(r.status, 2);
});

test('logic eval prints the result as JSON', () => {
  let r = run('logic', 'eval', '{"+":[1,{"var":"a"}]}', '{"a":2}');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '3');
  r = run('logic', 'eval', '{"cat":["a",{"var":"b"}]}', '{"b":[1,2]}');
  assert.equal(r.stdout.trim(), '"a1,2"');
  r = run('logic', 'eval', '{"map":[{"var":"xs"},{"*":[{"var":""},0.1]}]}', '{"xs":[1,2,3]}');
  assert.deepEqual(JSON.parse(r.stdout), [0.1, 0.2, 0.30000000000000004]);
});

test('logic eval rejects malformed JSON with exit 2', () => {
  let r = run('logic', 'eval', '{"+":[1,', '{}');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /RULE is not valid JSON/);
  r = run('logic', 'eval', '{}', '{');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /DATA is not valid JSON/);
  r = run('logic', 'eval');
  assert.equal(r.status, 2);
});

test('migrate creates the schema, is idempotent', (t) => {
  const { db, drop } = freshDatabase('m.db');
  t.after(drop);
  let r = run('migrate', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  const version = r.stdout.match(/schema version (\d+)/)[1];
  assert.ok(Number(version) >= 1);
  assert.equal(query(db, 'SELECT MAX(version) FROM schema_migrations;'), version);
  r = run('migrate', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`schema version ${version}`));
  assert.equal(query(db, 'SELECT COUNT(*) FROM schema_migrations;'), version, 'each migration once');
});

test('migrate and serve refuse a schema newer than the binary', (t) => {
  const { db, drop } = freshDatabase('m.db');
  t.after(drop);
  assert.equal(run('migrate', '--db', db).status, 0);
  query(db, "INSERT INTO schema_migrations (version, applied_at) " +
    "SELECT MAX(version) + 1, '2030-01-01T00:00:00Z' FROM schema_migrations;");
  let r = run('migrate', '--db', db);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /newer than this binary/);
  r = runFor(10000, 'serve', '--db', db, '--port', '0');
  assert.equal(r.status, 1, `serve must refuse before listening: ${r.stdout}`);
  assert.match(r.stderr, /newer than this binary/);
});

test('a database that cannot be opened fails with exit 1 and names it', () => {
  // SQLite: a file in a directory that does not exist; PostgreSQL: a database that does not.
  let db;
  let name;
  if (engine === 'postgres') {
    const gone = freshDatabase();
    gone.drop();
    db = gone.db;
    name = db.slice(db.lastIndexOf('/') + 1);
  } else {
    db = path.join(tempDir(), 'no-such-dir', 'x.db');
    name = db;
  }
  for (const command of ['migrate', 'serve']) {
    const r = runFor(10000, command, '--db', db, '--port', '0');
    assert.equal(r.status, 1, `${command}: ${r.stderr}`);
    assert.match(r.stderr, /cannot open database/);
    assert.ok(r.stderr.includes(name), `${command} names ${name}: ${r.stderr}`);
  }
});

test('a password in a PostgreSQL --db URL is never printed', () => {
  // Port 1: nothing listens, so the connection fails and the URL ends up in the message.
  const r = runFor(10000, 'migrate', '--db', 'postgresql://amtsweg:s3cret-pw@127.0.0.1:1/x');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /cannot open database/);
  assert.ok(!r.stdout.includes('s3cret-pw') && !r.stderr.includes('s3cret-pw'), r.stderr);
});
