// amtsweg's command line: --version, check, logic eval, migrate, bad flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, tempDir } from '../lib/server.mjs';

const SRC = process.env.AMTSWEG_SOURCE_DIR;
const run = (...args) => spawnSync(BIN, args, { encoding: 'utf8', timeout: 30000 });

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

test('migrate creates the schema, is idempotent', () => {
  const db = path.join(tempDir(), 'm.db');
  let r = run('migrate', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  const version = r.stdout.match(/schema version (\d+)/)[1];
  assert.ok(Number(version) >= 1);
  r = run('migrate', '--db', db);
  assert.equal(r.status, 0);
  assert.match(r.stdout, new RegExp(`schema version ${version}`));
});
