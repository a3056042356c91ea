// Test harness: starts the real amtsweg binary on a free port with a fresh database in a
// temporary directory, and stops it with SIGTERM (checking that it shuts down cleanly).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';

export const BIN = process.env.AMTSWEG_BIN;
if (!BIN) throw new Error('AMTSWEG_BIN is not set (run through ctest)');

export function tempDir() {
  return mkdtempSync(path.join(tmpdir(), 'amtsweg-test-'));
}

// Starts `amtsweg <command> --port 0 ...args`; resolves when it prints its listening line.
export async function startServer({ command = 'demo', args = [], dir = tempDir(), env = {} } = {}) {
  const db = path.join(dir, 'test.db');
  const child = spawn(BIN, [command, '--db', db, '--port', '0', ...args], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 20000);
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
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
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
