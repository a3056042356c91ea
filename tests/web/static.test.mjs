// Static assets: KERN UX from node_modules at /static/kern/…, our CSS/JS at /static/…, with
// cache headers; and a clear start-up error when the assets are missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startServer, tempDir } from '../lib/server.mjs';
import { page, assets } from './html.mjs';

let server;
before(async () => { server = await startServer({ command: 'demo' }); });
after(async () => {
  const code = await server?.stop();
  server?.cleanup();
  assert.equal(code, 0, 'graceful shutdown exits 0');
});

test('every stylesheet and script a page links to is served, versioned and cacheable for a year', async () => {
  const res = await page(`${server.url}/`);
  const linked = assets(res.body);
  assert.deepEqual(linked.map((a) => a.split('?')[0]),
    ['/static/kern/fonts/fira-sans.css', '/static/kern/kern.min.css', '/static/amtsweg.css',
      '/static/json-logic/logic.js', '/static/amtsweg.js']);
  const versions = new Set(linked.map((a) => new URL(a, server.url).searchParams.get('v')));
  assert.equal(versions.size, 1);
  assert.match([...versions][0], /^[0-9a-f]{16}$/);
  for (const a of linked) {
    const r = await fetch(`${server.url}${a}`);
    assert.equal(r.status, 200, a);
    assert.match(r.headers.get('cache-control'), /immutable/, a);
    assert.match(r.headers.get('content-type'), a.includes('.css') ? /^text\/css/ : /javascript/);
  }
});

test('KERN fonts resolve relative to their stylesheet', async () => {
  const css = await (await fetch(`${server.url}/static/kern/fonts/fira-sans.css`)).text();
  const font = css.match(/url\("\.\/(fira-sans\/FiraSans-Regular\.woff2)"\)/);
  assert.ok(font, 'fira-sans.css names FiraSans-Regular.woff2');
  const r = await fetch(`${server.url}/static/kern/fonts/${font[1]}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'font/woff2');
});

test('unversioned assets are cached for an hour and revalidate with their ETag', async () => {
  const r = await fetch(`${server.url}/static/amtsweg.css`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-control'), 'public, max-age=3600');
  const etag = r.headers.get('etag');
  assert.ok(etag);
  const again = await fetch(`${server.url}/static/amtsweg.css`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
});

test('nothing outside the asset folders is reachable', async () => {
  for (const p of ['/static/kern/../package.json', '/static/%2e%2e/templates/layout.mustache',
    '/static/kern/%2e%2e/%2e%2e/package.json', '/static/nope.css', '/static/kern/']) {
    const r = await fetch(`${server.url}${p}`);
    assert.ok([400, 404].includes(r.status), `${p}: ${r.status}`);
  }
});

test('a web root without the KERN assets stops the server at start with a clear message', async () => {
  const empty = tempDir();
  mkdirSync(path.join(empty, 'web', 'static'), { recursive: true });
  for (const options of [{ args: ['--web-root', empty] }, { env: { AMTSWEG_WEB_ROOT: empty } }]) {
    const dir = tempDir();
    await assert.rejects(startServer({ command: 'demo', dir, ...options }).finally(() => rmSync(dir, { recursive: true, force: true })), (e) => {
      assert.match(e.message, /server exited 1/);
      assert.match(e.message, /node_modules\/@kern-ux\/native\/dist\/kern\.min\.css/);
      assert.match(e.message, /npm ci/);
      return true;
    });
  }
  rmSync(empty, { recursive: true, force: true });
});
