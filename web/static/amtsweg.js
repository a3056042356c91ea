// amtsweg: progressive enhancement of the form pages. Everything works without this file; with
// it, fields appear and disappear as the answers change and the fee updates live, using the
// same JSON Logic rules the server evaluates (json-logic-js, served as /static/vendor/logic.js).
// The server stays the authority: it re-evaluates every rule when the page is posted.
//
// Markup it relies on (web/templates/form/, docs/citizen-journey.md):
//   <form class="aw-form" data-answers="{answers of all pages}" data-today="YYYY-MM-DD">
//   field wrappers [data-visible-if="{rule}"]; inside a repeatable group's entry
//     [data-item="hunde[0]"] the entry is also visible to the rule as "item"
//   [data-fee-rule="{rule}"] with the amount in #gebuehr-betrag
//   number and money inputs have inputmode="decimal" (German notation is parsed)
/* global jsonLogic */
(function () {
  'use strict';
  if (typeof jsonLogic === 'undefined' || !document.querySelector) return;

  // --- the date operations of the server's engine (docs/logic.md) ---
  function parseDate(text) {
    if (typeof text !== 'string') return null;
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return null;
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y < 1 || mo < 1 || mo > 12 || d < 1) return null;
    var leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
    if (d > days) return null;
    return { y: y, m: mo, d: d };
  }
  function dayNumber(date) {
    return Math.round(Date.UTC(date.y, date.m - 1, date.d) / 86400000);
  }
  var today = (document.querySelector('form[data-today]') || { dataset: {} }).dataset.today ||
    new Date().toISOString().slice(0, 10);
  jsonLogic.add_operation('today', function () { return today; });
  jsonLogic.add_operation('age_years', function (birth, reference) {
    var b = parseDate(birth);
    var r = parseDate(arguments.length > 1 ? reference : today);
    if (!b || !r) return null;
    var years = r.y - b.y;
    // Born on 29 February: one year older on 1 March in a common year (BGB §188(3)).
    var birthday = b.m === 2 && b.d === 29 && !parseDate(r.y + '-02-29') ? { m: 3, d: 1 } : b;
    if (r.m < birthday.m || (r.m === birthday.m && r.d < birthday.d)) years -= 1;
    return years;
  });
  jsonLogic.add_operation('date_diff_days', function (from, to) {
    var f = parseDate(from), t = parseDate(to);
    return f && t ? dayNumber(t) - dayNumber(f) : null;
  });

  // --- answers from the form, in the JSON shape the server stores ---
  // "hunde[0].name" -> ["hunde", 0, "name"]
  function pathOf(name) {
    var parts = [];
    name.split('.').forEach(function (piece) {
      var re = /([^[\]]+)|\[(\d+)\]/g, m;
      while ((m = re.exec(piece))) parts.push(m[1] !== undefined ? m[1] : +m[2]);
    });
    return parts;
  }
  function setPath(target, parts, value, append) {
    var node = target;
    for (var i = 0; i < parts.length - 1; i++) {
      var key = parts[i];
      if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') {
        node[key] = typeof parts[i + 1] === 'number' ? [] : {};
      }
      node = node[key];
    }
    var last = parts[parts.length - 1];
    if (append) {
      if (!Array.isArray(node[last])) node[last] = [];
      node[last].push(value);
    } else {
      node[last] = value;
    }
  }
  function getPath(source, parts) {
    var node = source;
    for (var i = 0; i < parts.length && node !== undefined && node !== null; i++) node = node[parts[i]];
    return node;
  }
  // German number notation as the server reads it: "1.234,5" and "1234.5".
  function parseNumber(text) {
    var t = text.trim().replace(/\s/g, '');
    if (t === '') return null;
    if (t.indexOf(',') >= 0) t = t.replace(/\./g, '').replace(',', '.');
    return /^[-+]?\d+(\.\d+)?$/.test(t) ? parseFloat(t) : t;
  }
  function pad(n, width) { n = String(n); while (n.length < width) n = '0' + n; return n; }

  function answers(form) {
    var data = {};
    try { data = JSON.parse(form.dataset.answers || '{}'); } catch (e) { data = {}; }
    var dates = {};
    var cleared = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      // Hidden inputs and the "remove this file" boxes are bookkeeping, not answers: the CSRF
      // token, a repeatable group's entry count ("hunde.anzahl", which would turn the list
      // "hunde" into an object) and the keep/remove markers of a stored file.
      if (!el.name || el.disabled || el.type === 'file' || el.type === 'submit' || el.type === 'hidden' ||
          el.name === 'aktion' || /\.(behalten|entfernen)$/.test(el.name)) return;
      var name = el.name;
      var dateMatch = /^(.*)\.(tag|monat|jahr)$/.exec(name);
      if (dateMatch) {
        (dates[dateMatch[1]] = dates[dateMatch[1]] || {})[dateMatch[2]] = el.value.trim();
        return;
      }
      var parts = pathOf(name);
      if (el.type === 'checkbox') {
        if (!cleared[name]) { setPath(data, parts, []); cleared[name] = true; }
        if (el.checked) setPath(data, parts, el.value, true);
        return;
      }
      if (el.type === 'radio') {
        if (!el.checked) { if (getPath(data, parts) === undefined) setPath(data, parts, null); return; }
        var v = el.value === 'ja' ? true : el.value === 'nein' ? false : el.value;
        setPath(data, parts, v);
        return;
      }
      var value = el.value;
      if (el.getAttribute('inputmode') === 'decimal') value = parseNumber(value);
      setPath(data, parts, value === '' ? null : value);
    });
    Object.keys(dates).forEach(function (name) {
      var d = dates[name];
      var value = d.tag && d.monat && d.jahr ? pad(d.jahr, 4) + '-' + pad(d.monat, 2) + '-' + pad(d.tag, 2) : null;
      setPath(data, pathOf(name), value);
    });
    return data;
  }

  function truthy(value) { return jsonLogic.truthy(value); }

  function refresh(form) {
    var data = answers(form);
    form.querySelectorAll('[data-visible-if]').forEach(function (el) {
      var rule;
      try { rule = JSON.parse(el.dataset.visibleIf); } catch (e) { return; }
      var scope = data;
      var entry = el.parentElement && el.parentElement.closest('[data-item]');
      if (entry) scope = Object.assign({}, data, { item: getPath(data, pathOf(entry.dataset.item)) || {} });
      var visible;
      try { visible = truthy(jsonLogic.apply(rule, scope)); } catch (e) { return; }
      el.hidden = !visible;
    });
    var fee = document.querySelector('[data-fee-rule]');
    var output = document.getElementById('gebuehr-betrag');
    if (fee && output) {
      try {
        var euros = jsonLogic.apply(JSON.parse(fee.dataset.feeRule), data);
        if (typeof euros === 'number' && isFinite(euros)) {
          output.textContent = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' })
            .format(Math.round(euros * 100) / 100);
        }
      } catch (e) { /* leave the server's figure */ }
    }
  }

  document.querySelectorAll('form.aw-form[data-answers]').forEach(function (form) {
    var update = function () { refresh(form); };
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    refresh(form);
  });
})();
