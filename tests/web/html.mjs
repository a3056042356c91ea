// Small helpers for black-box tests of HTML pages: fetch a page, and pull out what the tests
// check (title, headings, links, attributes) with regular expressions — the pages are ours and
// regular, so no HTML parser dependency is needed.
import assert from 'node:assert/strict';

export async function page(url, options = {}) {
  const res = await fetch(url, { redirect: 'manual', ...options });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

export const count = (text, re) => (text.match(re) || []).length;

export function title(html) {
  const m = html.match(/<title>([^<]*)<\/title>/);
  return m ? m[1] : null;
}

export function h1(html) {
  const m = html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/);
  return m ? m[1].replace(/<[^>]+>/g, '').trim() : null;
}

// Every href="…" (decoded &amp;) in document order.
export function links(html) {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
}

// The stylesheets and scripts a page loads.
export function assets(html) {
  return [...html.matchAll(/<(?:link rel="stylesheet" href|script src)="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
}

// What every HTML page must have (docs: design of issue 4).
export function assertFrame(res, { sandbox }) {
  assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/);
  const html = res.body;
  assert.match(html, /^<!DOCTYPE html>\s*<html lang="de">/);
  assert.equal(count(html, /<h1[\s>]/g), 1, 'exactly one h1');
  assert.match(html, /<a class="aw-skip-link" href="#inhalt">/);
  assert.equal(count(html, /<main id="inhalt"/g), 1);
  assert.equal(count(html, /<header[\s>]/g), 1);
  assert.equal(count(html, /<footer[\s>]/g), 1);
  assert.doesNotMatch(html, /\sstyle="/, 'no inline styles (CSP)');
  assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]/, 'no inline scripts (CSP)');
  assert.doesNotMatch(html, /\son[a-z]+="/, 'no inline event handlers (CSP)');
  if (sandbox) assert.match(html, /<strong>Testumgebung<\/strong>/);
  else assert.doesNotMatch(html, /Testumgebung/);
}
