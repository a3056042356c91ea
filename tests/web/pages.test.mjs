// The portal pages of issue 4 through the real binary: start page with the municipality chooser,
// municipality pages, service pages, search, 404s, the sandbox banner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json } from '../lib/server.mjs';
import { page, count, title, h1, links, assertFrame } from './html.mjs';

let demo;     // `amtsweg demo`: sandbox on
let serve;    // `amtsweg serve` on the same database: sandbox off
let municipalities = [];  // [{ags, name, services: [{process, title}]}]

before(async () => {
  demo = await startServer({ command: 'demo' });
  serve = await startServer({ command: 'serve', db: demo.db });
  for (const m of (await json(`${demo.url}/api/v1/municipalities`)).body) {
    const services = (await json(`${demo.url}/api/v1/municipalities/${m.ags}/services`)).body;
    municipalities.push({ ...m, services });
  }
});

after(async () => {
  const codes = [await serve?.stop(), await demo?.stop()];  // stop both before judging either
  serve?.cleanup();
  demo?.cleanup();
  assert.deepEqual(codes, [0, 0], 'graceful shutdown exits 0');
});

test('the start page offers every municipality and a search box', async () => {
  const res = await page(`${demo.url}/`);
  assert.equal(res.status, 200);
  assertFrame(res, { sandbox: true });
  assert.match(res.body, /<form class="aw-chooser" method="get" action="\/"/);
  assert.match(res.body, /<label class="kern-label" for="f-gemeinde">/);
  assert.match(res.body, /<select [^>]*id="f-gemeinde" name="gemeinde"/);
  assert.match(res.body, /<form class="aw-search" method="get" action="\/suche"/);
  assert.match(res.body, /<label class="kern-label" for="f-q">/);
  for (const m of municipalities) {
    assert.ok(res.body.includes(`<option value="${m.ags}">${m.name}</option>`), m.name);
    assert.ok(links(res.body).includes(`/gemeinden/${m.ags}`));
  }
  assert.ok(municipalities.length >= 3);
});

test('choosing a municipality redirects to its page with 303', async () => {
  for (const m of municipalities) {
    const res = await page(`${demo.url}/?gemeinde=${m.ags}`);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/gemeinden/${m.ags}`);
  }
});

test('an unknown or missing municipality shows the page again with an error summary', async () => {
  for (const [query, message] of [['gemeinde=12345678', 'Diese Gemeinde kennen wir nicht'],
    ['gemeinde=', 'Wählen Sie Ihre Gemeinde aus.'],
    ['gemeinde=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'Diese Gemeinde kennen wir nicht']]) {
    const res = await page(`${demo.url}/?${query}`);
    assert.equal(res.status, 200, query);
    assertFrame(res, { sandbox: true });
    assert.match(title(res.body), /^Fehler: /);
    assert.match(res.body, /role="alert"[\s\S]*Es gibt ein Problem[\s\S]*<a class="kern-link" href="#f-gemeinde">/);
    assert.ok(res.body.includes(message), message);
    assert.match(res.body, /id="f-gemeinde-error"/);
    assert.match(res.body, /aria-describedby="f-gemeinde-hint f-gemeinde-error" aria-invalid="true"/);
    assert.doesNotMatch(res.body, /<script>alert/);
  }
});

test('a municipality page lists all its services grouped by topic, with breadcrumbs', async () => {
  for (const m of municipalities) {
    const res = await page(`${demo.url}/gemeinden/${m.ags}`);
    assert.equal(res.status, 200, m.ags);
    assertFrame(res, { sandbox: true });
    assert.equal(h1(res.body), m.name);
    assert.match(res.body, /<nav class="aw-breadcrumbs" aria-label="Sie sind hier">[\s\S]*href="\/"[\s\S]*aria-current="page">/);
    assert.ok(count(res.body, /<h2 class="kern-heading-medium" id="thema-/g) >= 1);
    const serviceLinks = links(res.body).filter((l) => l.startsWith(`/gemeinden/${m.ags}/leistungen/`));
    assert.deepEqual(new Set(serviceLinks), new Set(m.services.map((s) => `/gemeinden/${m.ags}/leistungen/${s.process}`)));
  }
});

test('every service page explains the service and offers "Jetzt starten"', async () => {
  let pages = 0;
  for (const m of municipalities) {
    for (const s of m.services) {
      const res = await page(`${demo.url}/gemeinden/${m.ags}/leistungen/${s.process}`);
      assert.equal(res.status, 200, `${m.ags}/${s.process}`);
      assertFrame(res, { sandbox: true });
      const definition = (await json(`${demo.url}/api/v1/processes/${s.process}?municipality=${m.ags}`)).body;
      assert.equal(h1(res.body), definition.title.replaceAll('&', '&amp;'));
      for (const heading of ['Wer kann den Antrag stellen', 'Was Sie brauchen', 'Kosten', 'Zuständige Stelle']) {
        assert.ok(res.body.includes(heading), heading);
      }
      assert.ok(res.body.includes(`<form class="aw-start" method="post" action="/gemeinden/${m.ags}/leistungen/${s.process}/antrag">`));
      assert.match(res.body, /<button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">Jetzt starten<\/span><\/button>/);
      assert.ok(links(res.body).includes(`/gemeinden/${m.ags}`), 'breadcrumb to the municipality');
      pages++;
    }
  }
  assert.ok(pages >= 15, `${pages} service pages`);
});

test('the fee says "gebührenfrei" when a service costs nothing, else its description', async () => {
  for (const m of municipalities) {
    for (const s of m.services) {
      const d = (await json(`${demo.url}/api/v1/processes/${s.process}?municipality=${m.ags}`)).body;
      const res = await page(`${demo.url}/gemeinden/${m.ags}/leistungen/${s.process}`);
      const kosten = res.body.match(/Kosten<\/dt>\s*<dd class="kern-body">([^<]*)<\/dd>/);
      assert.ok(kosten, `${s.process}: Kosten`);
      const description = d.fee?.description;
      if (description) assert.equal(kosten[1], description.replaceAll('&', '&amp;').replaceAll('"', '&quot;'));
      else if (!d.fee?.rule) assert.equal(kosten[1], 'gebührenfrei');
    }
  }
});

test('unknown municipalities and services get a German 404 page', async () => {
  const one = municipalities[0];
  for (const path of ['/gemeinden/00000000', `/gemeinden/${one.ags}/leistungen/gibt-es-nicht`,
    '/gemeinden/%3Cscript%3E', `/gemeinden/00000000/leistungen/${one.services[0].process}`]) {
    const res = await page(`${demo.url}${path}`);
    assert.equal(res.status, 404, path);
    assertFrame(res, { sandbox: true });
    assert.equal(h1(res.body), 'Seite nicht gefunden');
    assert.doesNotMatch(res.body, /<script>/);
  }
});

test('search finds services by title, summary and topic, the chosen municipality first', async () => {
  const res = await page(`${demo.url}/suche?q=HUND`);
  assert.equal(res.status, 200);
  assertFrame(res, { sandbox: true });
  const hits = links(res.body).filter((l) => /^\/gemeinden\/\d{8}\/leistungen\//.test(l));
  assert.ok(hits.length >= 2);
  assert.ok(hits.every((l) => l.endsWith('/hund-anmelden')), hits.join());
  assert.match(res.body, /\d+ Online-Dienste für „HUND“/);

  const last = municipalities.filter((m) => m.services.some((s) => s.process === 'hund-anmelden')).at(-1);
  const preferred = await page(`${demo.url}/suche?q=hund&gemeinde=${last.ags}`);
  const first = links(preferred.body).find((l) => /^\/gemeinden\/\d{8}\/leistungen\//.test(l));
  assert.equal(first, `/gemeinden/${last.ags}/leistungen/hund-anmelden`);
  assert.match(preferred.body, new RegExp(`<input type="hidden" name="gemeinde" value="${last.ags}">`));

  const none = await page(`${demo.url}/suche?q=xylophon`);
  assert.match(none.body, /Keine Online-Dienste für „xylophon“/);
  assert.match(none.body, /Versuchen Sie einen anderen oder kürzeren Begriff/);
});

test('search knows the words people use and real services that are not online here yet', async () => {
  // "Hundesteuer" is a synonym from the OZG catalogue (seed/ozg-catalogue.yaml) of "Hund anmelden".
  const tax = await page(`${demo.url}/suche?q=Hundesteuer&gemeinde=08111000`);
  const first = links(tax.body).find((l) => /^\/gemeinden\/\d{8}\/leistungen\//.test(l));
  assert.equal(first, '/gemeinden/08111000/leistungen/hund-anmelden');
  // "Umzug" finds "Wohnsitz anmelden", which no demo municipality offers online: listed apart,
  // with a link to its description in the federal portal.
  const move = await page(`${demo.url}/suche?q=Umzug&gemeinde=08111000`);
  assert.equal(move.status, 200);
  assertFrame(move, { sandbox: true });
  assert.match(move.body, /Keine Online-Dienste für „Umzug“/);
  assert.match(move.body, /<h2 class="kern-heading-medium" id="nicht-online">Noch nicht online bei Stuttgart<\/h2>/);
  assert.match(move.body, /<strong>Wohnsitz anmelden<\/strong>/);
  assert.ok(links(move.body).includes('https://verwaltung.bund.de/leistungsverzeichnis/de/leistung/99115005104000'));
  assert.doesNotMatch(move.body, /Versuchen Sie einen anderen/);
});

test('an empty search explains what to do; hostile queries are escaped', async () => {
  for (const q of ['', '%20%20']) {
    const res = await page(`${demo.url}/suche?q=${q}`);
    assert.equal(res.status, 200);
    assertFrame(res, { sandbox: true });
    assert.match(res.body, /Wonach suchen Sie\?/);
  }
  const bare = await page(`${demo.url}/suche`);
  assert.match(bare.body, /Wonach suchen Sie\?/);
  const hostile = await page(`${demo.url}/suche?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
  assert.equal(hostile.status, 200);
  assert.doesNotMatch(hostile.body, /<script>alert/);
  assert.match(hostile.body, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  const broken = await page(`${demo.url}/suche?q=%C3%28`);
  assert.equal(broken.status, 400);
  assertFrame(broken, { sandbox: true });
});

test('without --sandbox there is no "Testumgebung" banner', async () => {
  for (const path of ['/', `/gemeinden/${municipalities[0].ags}`, '/suche?q=hund', '/gemeinden/00000000']) {
    const res = await page(`${serve.url}${path}`);
    assertFrame(res, { sandbox: false });
  }
});

test('pages carry the security headers and HEAD works', async () => {
  const res = await page(`${demo.url}/`);
  assert.match(res.headers.get('content-security-policy'), /script-src 'self'; style-src 'self'/);
  const head = await fetch(`${demo.url}/gemeinden/${municipalities[0].ags}`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
});
