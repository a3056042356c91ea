// Test harness: starts the real amtsweg binary on a free port with a fresh database, and stops
// it with SIGTERM (checking that it shuts down cleanly).
//
// The engine comes from AMTSWEG_TEST_ENGINE: `sqlite` (default; the database is DIR/test.db in a
// temporary directory) or `postgres` (a fresh database per server on the cluster of the CTest
// fixture `postgres`, see tests/lib/postgres.mjs). A test that restarts a server on the same data
// passes the first server's `db` on:
//
//   const a = await startServer({ command: 'demo', dir });
//   const b = await startServer({ command: 'serve', dir, db: a.db });
//   ...; b.cleanup(); a.cleanup();   // the server that created the database drops it
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { createDatabase, psql } from './postgres.mjs';

export const BIN = process.env.AMTSWEG_BIN;
if (!BIN) throw new Error('AMTSWEG_BIN is not set (run through ctest)');

export const engine = process.env.AMTSWEG_TEST_ENGINE || 'sqlite';
if (!['sqlite', 'postgres'].includes(engine)) {
  throw new Error(`AMTSWEG_TEST_ENGINE must be 'sqlite' or 'postgres', not '${engine}'`);
}

export function tempDir() {
  return mkdtempSync(path.join(tmpdir(), 'amtsweg-test-'));
}

const isPostgresUrl = (db) => /^postgres(ql)?:\/\//.test(db);

// A fresh, empty database on the selected engine: `db` is the value for `--db`, drop() removes
// it. On SQLite it is `name` in a new temporary directory (which drop() removes).
export function freshDatabase(name = 'test.db') {
  if (engine === 'postgres') {
    const created = createDatabase();
    return { db: created.url, drop: () => created.drop() };
  }
  const dir = tempDir();
  return { db: path.join(dir, name), drop: () => rmSync(dir, { recursive: true, force: true }) };
}

// Runs SQL on `db` (a SQLite path or a PostgreSQL URL) through the engine's CLI and returns
// its output, trimmed: one row per line, columns separated by `|`. On SQLite it waits up to 5 s
// for the write lock of a running server.
export function query(db, sql) {
  if (isPostgresUrl(db)) return psql(db, sql);
  const r = spawnSync('sqlite3', ['-bail', '-cmd', '.timeout 5000', db],
    { input: sql, encoding: 'utf8', timeout: 30000 });
  if (r.error) throw new Error(`sqlite3 could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`sqlite3 failed (exit ${r.status}) on ${db}:\n${sql}\n${r.stderr}`);
  return r.stdout.trim();
}

// The number of rows in `table` of `db`.
export function countRows(db, table) {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  return Number(query(db, `SELECT COUNT(*) FROM ${table};`));
}

// Starts `amtsweg <command> --db DB --port 0 ...args`; resolves when it prints its listening
// line. Without `db`, the server gets a fresh database that cleanup() drops.
export async function startServer({
  command = 'demo', args = [], dir = tempDir(), env = {}, db,
} = {}) {
  let owned = null;
  if (db === undefined) {
    if (engine === 'postgres') {
      owned = createDatabase();
      db = owned.url;
    } else {
      db = path.join(dir, 'test.db');
    }
  }
  try {
    return await spawnServer({ command, args, dir, env, db, owned });
  } catch (e) {
    owned?.drop();
    throw e;
  }
}

async function spawnServer({ command, args, dir, env, db, owned }) {
  const child = spawn(BIN, [command, '--db', db, '--port', '0', ...args], {
    cwd: dir,
    // `demo` fills the process monitor with simulated usage unless told not to; tests that want
    // it pass AMTSWEG_DEMO_USAGE_EVENTS in `env`.
    env: { ...process.env, AMTSWEG_DEMO_USAGE_EVENTS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 20 s:\n${stderr}`));
    }, 20000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/listening on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${stderr}`)); });
  });
  const port = Number(new URL(url).port);
  return {
    url, port, db, dir, child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
      child.kill('SIGTERM');
      const code = await exited;
      return code;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
      owned?.drop();
    },
  };
}

// Sends raw bytes on a fresh TCP connection and returns everything the server answered
// until it closed the connection or `timeoutMs` passed.
export function rawRequest(port, payload, { timeoutMs = 3000, endAfterWrite = false } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => { socket.destroy(); resolve({ data: data.toString('latin1'), closed: false }); }, timeoutMs);
    socket.on('connect', () => {
      socket.write(payload);
      if (endAfterWrite) socket.end();
    });
    socket.on('data', (d) => { data = Buffer.concat([data, d]); });
    socket.on('close', () => { clearTimeout(timer); resolve({ data: data.toString('latin1'), closed: true }); });
    socket.on('error', (e) => { clearTimeout(timer); if (data.length) resolve({ data: data.toString('latin1'), closed: true }); else reject(e); });
  });
}

export async function json(url, options = {}) {
  const res = await fetch(url, options);
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: res.status, headers: res.headers, body };
}

export function postJson(url, value, headers = {}) {
  return json(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof value === 'string' ? value : JSON.stringify(value),
  });
}
