// Raw HTTP against the real binary: keep-alive, pipelining, malformed requests, oversized and
// truncated bodies, invalid UTF-8 in paths, unknown methods. After each hostile request the
// server must still answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, rawRequest } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer({ command: 'demo', args: ['--no-access-log'] }); });
after(async () => {
  assert.equal(await server.stop(), 0);
  server.cleanup();
});

const statusOf = (raw) => Number((raw.match(/^HTTP\/1\.1 (\d{3})/) || [])[1]);

async function stillServes() {
  const res = await fetch(`${server.url}/healthz`);
  assert.equal(res.status, 200);
}

test('keep-alive: two requests on one connection, pipelined', async () => {
  const req = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  const { data } = await rawRequest(server.port, req + req + 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal((data.match(/HTTP\/1\.1 200/g) || []).length, 3, data);
});

const malformed = [
  ['garbage request line', 'HELLO\r\n\r\n', [400]],
  ['binary junk', '\x00\x01\x02\x03\xff\xfe\r\n\r\n', [400]],
  ['missing HTTP version', 'GET /healthz\r\n\r\n', [400]],
  ['bad header line', 'GET /healthz HTTP/1.1\r\nHost x\r\n\r\n', [400]],
  ['huge header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`, [400, 431]],
  ['invalid UTF-8 in path', 'GET /api/v1/processes/%ff%fe?municipality=08111000 HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
  ['NUL in path', 'GET /api/v1/%00 HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
  ['path traversal', 'GET /static/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n', [400, 404]],
  ['negative content length', 'POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n', [400]],
  ['content length too large', 'POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{', [413]],
  ['bad chunked encoding', 'POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n', [400]],
  ['unknown method on a route', 'DELETE /api/v1/municipalities HTTP/1.1\r\nHost: x\r\n\r\n', [405]],
  ['unknown path', 'GET /does/not/exist HTTP/1.1\r\nHost: x\r\n\r\n', [404]],
];

for (const [name, payload, expected] of malformed) {
  test(`malformed: ${name} → ${expected.join(' or ')}`, async () => {
    const { data } = await rawRequest(server.port, Buffer.from(payload, 'latin1'));
    assert.ok(expected.includes(statusOf(data)), `${name}: got ${data.slice(0, 120)}`);
    await stillServes();
  });
}

test('405 names the allowed methods; 404/405 under /api/ are JSON errors', async () => {
  const { data } = await rawRequest(server.port, 'PUT /api/v1/municipalities HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  assert.equal(statusOf(data), 405);
  assert.match(data, /\r\nAllow: GET/i);
  assert.match(data, /"code":"method_not_allowed"/);
});

test('a truncated body (client hangs up mid-body) does not crash the server', async () => {
  await rawRequest(server.port, 'POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"process":', { endAfterWrite: true, timeoutMs: 500 });
  await stillServes();
});

test('chunked body over the limit answers 413', async () => {
  const chunk = 'a'.repeat(64 * 1024);
  let body = '';
  for (let i = 0; i < 20; i++) body += `${(chunk.length).toString(16)}\r\n${chunk}\r\n`;
  body += '0\r\n\r\n';
  const { data } = await rawRequest(server.port, `POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${body}`);
  assert.equal(statusOf(data), 413);
  await stillServes();
});

test('many connections opened and abandoned at once leave the server serving', async () => {
  const sockets = [];
  for (let i = 0; i < 300; i++) {
    const s = net.connect(server.port, '127.0.0.1');
    s.on('error', () => {});
    s.on('connect', () => s.write('GET /healthz HTTP/1.1\r\nHo'));
    sockets.push(s);
  }
  await new Promise((r) => setTimeout(r, 300));
  for (const s of sockets) s.destroy();
  await stillServes();
});
