// The shipped nginx example in front of two instances on one database: both instances serve,
// the operational endpoints are closed to the public, and the body limit matches amtsweg's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { json, postJson } from '../lib/server.mjs';
import { startCluster } from './cluster.mjs';

let cluster;

before(async () => { cluster = await startCluster(); });

after(async () => {
  if (!cluster) return;  // before() failed and said why
  const codes = await cluster.stop();
  assert.ok(codes.every((c) => c === 0), `instances shut down cleanly: ${codes}`);
});

// Sum of amtsweg_http_requests_total for `route` in an instance's own /metrics (read from its
// port, not through nginx, which keeps /metrics private).
async function requestsServed(server, route) {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('amtsweg_http_requests_total{') && line.includes(`route="${route}"`)) {
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return sum;
}

// GET through nginx from a chosen local source address: 127.0.0.1 is "internal" in the shipped
// allow list, any other loopback address (127.0.0.2) stands in for a client from the internet.
function getFrom(localAddress, url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { localAddress, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
  });
}

test('nginx spreads requests over both instances, and each is handled exactly once', async () => {
  const route = '/api/v1/municipalities';
  const before = await Promise.all(cluster.servers.map((s) => requestsServed(s, route)));
  const kRequests = 40;
  for (let i = 0; i < kRequests; ++i) {
    const res = await json(`${cluster.url}${route}`);
    assert.equal(res.status, 200);
    assert.ok(res.body.length >= 3);
  }
  const after = await Promise.all(cluster.servers.map((s) => requestsServed(s, route)));
  const served = after.map((a, i) => a - before[i]);
  assert.ok(served.every((n) => n > 0), `both instances serve: ${served}`);
  assert.equal(served[0] + served[1], kRequests, `no request lost or sent twice: ${served}`);
});

test('/metrics, /readyz and /healthz are closed to the public, open to the nginx host', async () => {
  for (const path of ['/metrics', '/readyz', '/healthz']) {
    const outside = await getFrom('127.0.0.2', `${cluster.url}${path}`);
    assert.equal(outside.status, 403, `${path} from a public address`);
    assert.doesNotMatch(outside.body, /amtsweg_/, `${path} leaks nothing`);
    const inside = await getFrom('127.0.0.1', `${cluster.url}${path}`);
    assert.equal(inside.status, 200, `${path} from the nginx host`);
  }
  const metrics = await getFrom('127.0.0.1', `${cluster.url}/metrics`);
  assert.match(metrics.body, /# TYPE amtsweg_http_requests_total counter/);
  const api = await getFrom('127.0.0.2', `${cluster.url}/api/v1/municipalities`);
  assert.equal(api.status, 200, 'the public API stays public');
});

test('nginx refuses bodies above amtsweg\'s 1 MiB limit, and passes large ones below it', async () => {
  const tooLarge = await postJson(`${cluster.url}/api/v1/applications`, `{"x":"${'a'.repeat(1024 * 1024)}"}`);
  assert.equal(tooLarge.status, 413);
  assert.match(String(tooLarge.body), /<center>nginx<\/center>/, 'refused by nginx, before any instance reads it');
  // 200 KB: more than client_body_buffer_size, so nginx buffers it in its temp directory first.
  const large = await postJson(`${cluster.url}/api/v1/applications`, { process: 'x', municipality: '1', data: { x: 'a'.repeat(200000) } });
  assert.ok([400, 404, 422].includes(large.status), `answered by amtsweg: ${large.status} ${JSON.stringify(large.body).slice(0, 200)}`);
  assert.ok(Array.isArray(large.body.errors), 'amtsweg\'s error shape, not an nginx page');
});

test('a GET fails over when an instance is gone', async () => {
  const [, second] = cluster.servers;
  second.child.kill('SIGKILL');
  await new Promise((resolve) => second.child.on('exit', resolve));
  for (let i = 0; i < 20; ++i) {
    const res = await json(`${cluster.url}/api/v1/municipalities`);
    assert.equal(res.status, 200, `request ${i} after the kill`);
  }
  // Gone for good: the cluster's stop() only stops (and expects 0 from) the survivor.
  cluster.servers.pop();
  second.cleanup();
});
