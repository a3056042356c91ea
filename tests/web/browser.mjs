// A tiny browser for black-box tests of the citizen journey: fetch with a cookie jar (no
// redirects followed unless asked), form posts with the Origin a browser sends, and the
// conversion of an application's JSON answers into the input names the form pages use
// (docs: design of issue 4 — `anschrift.plz`, `hunde[0].name`, `geburtsdatum.tag`, ja/nein,
// German numbers, repeated checkbox names, files as multipart parts).
//
//   const b = new Browser(server.url);
//   let res = await b.post('/gemeinden/08111000/leistungen/hund-anmelden/antrag', {});
//   res = await b.get(res.headers.get('location'));
//   const form = readForm(res.body);          // action, enctype, hidden inputs, input names
//   const { fields, files } = answersToFields(page.fields, example);
//   res = await b.submit(form, [...fields, ['aktion', 'weiter']], files);

// --- Cookies and requests -------------------------------------------------------------------

export class Browser {
  constructor(base, { origin = base, userAgent } = {}) {
    this.base = base;
    this.origin = origin;
    this.userAgent = userAgent;  // sent when set (device classes of the process monitor)
    this.cookies = new Map();  // name -> {value, path}
  }

  cookieHeader(path) {
    const pairs = [];
    for (const [name, c] of this.cookies) {
      if (path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/') {
        pairs.push(`${name}=${c.value}`);
      }
    }
    return pairs.join('; ');
  }

  remember(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = false;
      for (const a of attributes) {
        const [k, v = ''] = a.split('=');
        if (k.toLowerCase() === 'path') path = v;
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      }
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  async request(path, { method = 'GET', headers = {}, body, origin = this.origin } = {}) {
    const url = new URL(path, this.base);
    const h = { ...headers };
    if (this.userAgent) h['User-Agent'] = this.userAgent;
    const cookie = this.cookieHeader(url.pathname);
    if (cookie) h.Cookie = cookie;
    if (method !== 'GET' && origin) h.Origin = origin;
    // JOURNEY_DEBUG=1 prints every request (to find the one a hanging test waits for).
    if (process.env.JOURNEY_DEBUG) console.error(method, url.pathname + url.search);
    const res = await fetch(url, { method, headers: h, body, redirect: 'manual' });
    this.remember(res);
    return { status: res.status, headers: res.headers, body: await res.text(), url: url.pathname + url.search };
  }

  get(path) { return this.request(path); }

  // Posts name/value pairs (urlencoded), or multipart when `files` is given or `multipart` set.
  post(path, pairs, { files = [], multipart = false, origin, headers } = {}) {
    let body;
    if (multipart || files.length) {
      body = new FormData();
      for (const [k, v] of pairs) body.append(k, v);
      for (const f of files) body.append(f.name, new Blob([f.bytes], { type: f.type }), f.filename);
    } else {
      body = new URLSearchParams(pairs);
    }
    return this.request(path, { method: 'POST', body, origin, headers });
  }

  // Posts a form read with readForm as a browser does: every control with its current value
  // (hidden inputs, typed values, ticked options), except those named in `pairs`, which replace
  // them.
  submit(form, pairs, files = [], options = {}) {
    const names = new Set([...pairs.map(([k]) => k), ...files.map((f) => f.name)]);
    const current = form.controls.filter(([k]) => !names.has(k));
    return this.post(form.action, [...current, ...pairs],
      { files, multipart: form.multipart, ...options });
  }

  // GETs `path` and follows 303/302 redirects (at most 5).
  async follow(res) {
    for (let i = 0; i < 5 && [302, 303].includes(res.status); ++i) {
      res = await this.get(res.headers.get('location'));
    }
    return res;
  }
}

// --- Reading HTML ---------------------------------------------------------------------------

export function decode(text) {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>')
    .replaceAll('&apos;', "'").replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}

const attribute = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? decode(m[1]) : null;
};

// The journey's form on a page (the first <form class="aw-form"> or the first form posting to
// `actionPart`): action, multipart, hidden inputs [[name, value]], and every input name.
export function readForm(html, actionPart = null) {
  const forms = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]);
  const form = forms.find((f) => (actionPart ? attribute(f.match(/^<form[^>]*>/)[0], 'action')?.includes(actionPart)
    : /^<form class="aw-form"/.test(f)));
  if (!form) return null;
  const open = form.match(/^<form[^>]*>/)[0];
  const hidden = [];
  const controls = [];  // what a browser posts, in document order (no buttons, no files)
  const names = new Set();
  const values = new Map();
  for (const m of form.matchAll(/<(input|select|textarea)\b[^>]*>(?:([\s\S]*?)<\/\1>)?/g)) {
    const tag = m[0].match(/^<[^>]*>/)[0];
    const name = attribute(tag, 'name');
    if (name === null) continue;
    names.add(name);
    const type = attribute(tag, 'type');
    let value = null;
    if (m[1] === 'textarea') {
      value = decode(m[2] ?? '');
    } else if (m[1] === 'select') {
      const selected = (m[2] ?? '').match(/<option value="([^"]*)" selected>/);
      value = selected ? decode(selected[1]) : '';
    } else if (['radio', 'checkbox'].includes(type)) {
      if (/\schecked\b/.test(tag)) {
        controls.push([name, attribute(tag, 'value')]);
        values.set(name, [...(values.get(name) ?? []), attribute(tag, 'value')]);
      }
      continue;
    } else if (type !== 'file') {
      value = attribute(tag, 'value') ?? '';
      if (type === 'hidden') hidden.push([name, value]);
    }
    if (value === null) continue;
    controls.push([name, value]);
    values.set(name, value);
  }
  const buttons = [...form.matchAll(/<button\b[^>]*name="aktion" value="([^"]*)"/g)].map((m) => decode(m[1]));
  return {
    html: form,
    action: attribute(open, 'action'),
    multipart: attribute(open, 'enctype') === 'multipart/form-data',
    hidden, controls, names, values, buttons,
  };
}

// The wrapper <div class="aw-field" data-name="NAME" ...> of a field: null when not rendered,
// else {hidden} (rendered but hidden until its visible_if holds).
export function fieldWrapper(html, name) {
  const m = html.match(new RegExp(`<div class="aw-field" data-name="${name.replace(/[[\].]/g, '\\$&')}"([^>]*)>`));
  return m ? { hidden: /\shidden\b/.test(m[1]) } : null;
}

// The visible text of a page (tags removed, entities decoded, whitespace collapsed).
export function pageText(html) {
  return decode(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

// --- Answers -> form fields -----------------------------------------------------------------

const TEXT_LIKE = new Set(['text', 'multiline', 'email', 'phone', 'iban', 'postal_code']);

// German notation with thousands dots: 1234.5 -> "1.234,5"; money always two decimals.
export function germanNumber(value, { money = false } = {}) {
  const [int, frac = ''] = (money ? Math.abs(value).toFixed(2) : String(Math.abs(value))).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (value < 0 ? '-' : '') + grouped + (frac ? `,${frac}` : '');
}

// The posted fields for `fields` (a definition page's fields, as the API returns them) answered
// with `data`: {fields: [[name, value]], files: [{name, filename, type, bytes}], repeats:
// [{path, count}]} (the repeat entries the page must offer).
export function answersToFields(fields, data, prefix = '') {
  const out = { fields: [], files: [], repeats: [] };
  encode(fields, data ?? {}, prefix, out);
  return out;
}

function encode(fields, data, prefix, out) {
  for (const f of fields) {
    const value = data[f.id];
    if (value === undefined || value === null) continue;
    const name = prefix ? `${prefix}.${f.id}` : f.id;
    switch (f.type) {
      case 'date': {
        const [y, m, d] = value.split('-');
        // Without leading zeros, as people type them.
        out.fields.push([`${name}.tag`, String(Number(d))], [`${name}.monat`, String(Number(m))], [`${name}.jahr`, y]);
        break;
      }
      case 'yesno': out.fields.push([name, value ? 'ja' : 'nein']); break;
      case 'number': out.fields.push([name, germanNumber(value)]); break;
      case 'money': out.fields.push([name, germanNumber(value, { money: true })]); break;
      case 'checkbox': for (const v of value) out.fields.push([name, v]); break;
      case 'select': case 'radio': out.fields.push([name, String(value)]); break;
      case 'file':
        out.files.push({ name, filename: value.filename, type: value.content_type, bytes: Buffer.from(value.content_base64, 'base64') });
        break;
      case 'group': case 'address': encode(f.fields, value, name, out); break;
      case 'repeat':
        out.repeats.push({ path: name, count: value.length });
        value.forEach((entry, i) => encode(f.fields, entry, `${name}[${i}]`, out));
        break;
      default:
        if (!TEXT_LIKE.has(f.type)) throw new Error(`field type ${f.type} (${name}) not known to the test`);
        out.fields.push([name, String(value)]);
    }
  }
}

// --- Answers -> what the review and status pages show ---------------------------------------

function optionLabel(field, value) {
  const option = (field.options ?? []).find((o) => o.value === value);
  return option ? option.label : value;
}

// Every answer's display text (DisplayLines in src/web/review_view.h), in document order.
export function displayTexts(fields, data, out = []) {
  for (const f of fields) {
    const value = data?.[f.id];
    if (value === undefined || value === null) continue;
    switch (f.type) {
      case 'date': { const [y, m, d] = value.split('-'); out.push(`${d}.${m}.${y}`); break; }
      case 'yesno': out.push(value ? 'Ja' : 'Nein'); break;
      case 'number': out.push(germanNumber(value)); break;
      case 'money': out.push(`${germanNumber(value, { money: true })} €`); break;
      case 'checkbox': for (const v of value) out.push(optionLabel(f, v)); break;
      case 'select': case 'radio': out.push(optionLabel(f, value)); break;
      case 'file': out.push(value.filename); break;
      case 'iban': out.push(value.replace(/\s/g, '').replace(/(.{4})(?=.)/g, '$1 ')); break;
      case 'group': case 'address': displayTexts(f.fields, value, out); break;
      case 'repeat': for (const entry of value) displayTexts(f.fields, entry, out); break;
      case 'multiline': out.push(...value.split('\n').filter((l) => l.trim())); break;
      default: out.push(String(value));
    }
  }
  return out;
}

// Every leaf value of a JSON value, as "path=value" strings (for messages and privacy checks).
export function leaves(value, path = '') {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [`${path}=${value}`];
}
