#!/usr/bin/env node
// Differential test: the C++ engine (logic_diff_runner) against json-logic-js 2.0.5.
//
// Generates --cases random rules over every json-logic-js operator (except "log", which
// prints) with random data, from a seeded PRNG so a failure is reproducible, adds the
// hand-written cases of --curated, evaluates all of them with json-logic-js, runs the C++
// runner once over all of them (JSON Lines) and compares results after a JSON round trip.
// Both sides failing counts as agreement. Exit code 1 on any mismatch.
//
//   node differential.js --runner build/tests/logic/logic_diff_runner \
//        --node-modules node_modules --curated tests/logic/curated.jsonl --cases 5000 --seed 1

"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFileSync } = require("child_process");

function parseArgs(argv) {
  const args = { cases: 5000, seed: 1, curated: null, runner: null, nodeModules: null, dump: null };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "").replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    args[key] = argv[i + 1];
  }
  args.cases = Number(args.cases);
  args.seed = Number(args.seed);
  if (!args.runner || !args.nodeModules) {
    console.error("usage: differential.js --runner EXE --node-modules DIR [--curated FILE] [--cases N] [--seed S]");
    process.exit(2);
  }
  return args;
}

// mulberry32: small, fast, good enough for test generation.
function makeRandom(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeGenerator(random) {
  const int = (n) => Math.floor(random() * n);
  const pick = (list) => list[int(list.length)];
  const chance = (p) => random() < p;

  const numbers = [0, 1, -1, 2, 3, 9, 10, 100, 0.5, -2.5, 1.1, 1e21, 1e-7, 123456789, 2 ** 53, -0.1, 7];
  const strings = ["", "0", "1", "10", "9", "2", " 12 ", "1e3", "0x1f", "0b11", "0o7", ".5", "5.", "-0",
    "Infinity", "-Infinity", "\t7\n", "1,2", " ", "abc", "a", "b", "ab", "a.b", "true", "false", "null",
    "undefined", "[object Object]", "Ä", "äöü", "straße", "x,y", "-5", "3.14abc", "NaN", "apple"];
  const varNames = ["a", "b", "c", "n", "s", "arr", "arr.0", "arr.1", "arr.length", "obj", "obj.a", "obj.b",
    "s.length", "s.0", "", "missing", "a.b", "nested.x.y", "0", "1", "current", "accumulator", "current.a",
    "accumulator.0", "list", "list.2", "flag"];
  const ops = ["var", "missing", "missing_some", "if", "?:", "==", "===", "!=", "!==", "!", "!!", "or",
    "and", ">", ">=", "<", "<=", "max", "min", "+", "-", "*", "/", "%", "map", "filter", "reduce", "all",
    "none", "some", "merge", "in", "cat", "substr"];
  const scoped = new Set(["map", "filter", "reduce", "all", "none", "some"]);

  function scalar() {
    switch (int(5)) {
      case 0: return pick(numbers);
      case 1: case 2: return pick(strings);
      case 3: return chance(0.5);
      default: return null;
    }
  }

  function dataValue(depth) {
    if (depth <= 0 || chance(0.55)) return scalar();
    if (chance(0.6)) {
      const n = int(5);
      const out = [];
      for (let i = 0; i < n; i++) out.push(dataValue(depth - 1));
      return out;
    }
    const out = {};
    const n = int(4);
    for (let i = 0; i < n; i++) out[pick(["a", "b", "c", "x", "0", "current"])] = dataValue(depth - 1);
    return out;
  }

  function data() {
    if (chance(0.1)) return dataValue(2);
    const out = {};
    for (const key of ["a", "b", "c", "n", "s", "arr", "obj", "list", "nested", "flag"]) {
      if (chance(0.8)) out[key] = dataValue(3);
    }
    if (chance(0.5)) out.arr = [pick(numbers), pick(strings), dataValue(1)];
    if (chance(0.5)) out.obj = { a: dataValue(1), b: scalar() };
    if (chance(0.3)) out.nested = { x: { y: scalar() } };
    return out;
  }

  function literal(depth) {
    if (depth > 0 && chance(0.15)) {
      const n = int(4);
      const out = [];
      for (let i = 0; i < n; i++) out.push(chance(0.5) ? scalar() : expr(depth - 1));
      return out;
    }
    if (chance(0.04)) return chance(0.5) ? {} : { a: 1, b: "x" };  // not logic: zero or two keys
    return scalar();
  }

  function varRule(depth) {
    const name = chance(0.9) ? pick(varNames) : (chance(0.5) ? int(3) : null);
    switch (int(5)) {
      case 0: return { var: [name, literal(0)] };
      case 1: return { var: [name] };
      case 2: return depth > 0 && chance(0.3) ? { var: [expr(depth - 1)] } : { var: name };
      default: return { var: name };
    }
  }

  function args(op, depth) {
    if (op === "var") return null;
    if (scoped.has(op)) {
      const list = chance(0.7) ? varRule(0) : literal(depth);
      const out = [chance(0.3) ? { var: "arr" } : list, expr(depth - 1)];
      if (op === "reduce" && chance(0.7)) out.push(literal(0));
      return out;
    }
    if (op === "missing_some") {
      const names = [];
      for (let i = int(4); i > 0; i--) names.push(pick(varNames));
      let options = names;
      // A literal null list throws even unreached; the C++ compiler rejects it up front.
      while (options === names ? chance(0.2) : options === null) options = expr(depth - 1);
      return [chance(0.8) ? int(4) : literal(0), options];
    }
    let n = int(5);
    if (op === "*" && n === 0) n = 1;  // {"*": []} throws even unreached; the C++ compiler rejects it
    const out = [];
    for (let i = 0; i < n; i++) out.push(expr(depth - 1));
    return out;
  }

  function expr(depth) {
    if (depth <= 0 || chance(0.25)) return chance(0.5) ? literal(0) : varRule(0);
    const op = pick(ops);
    if (op === "var") return varRule(depth);
    const list = args(op, depth);
    // Unary sugar: {"!": x} means {"!": [x]} (unless x is an array).
    if (list.length === 1 && !Array.isArray(list[0]) && chance(0.4)) return { [op]: list[0] };
    return { [op]: list };
  }

  return { rule: () => expr(1 + int(4)), data };
}

function evaluateJs(jsonLogic, rule, data) {
  try {
    const result = jsonLogic.apply(rule, data);
    const text = JSON.stringify(result);
    return { result: text === undefined ? null : JSON.parse(text) };
  } catch (e) {
    return { error: String(e && e.message) };
  }
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return deepEqual(ka, kb) && ka.every((k) => deepEqual(a[k], b[k]));
}

function main() {
  const args = parseArgs(process.argv);
  const jsonLogic = require(path.resolve(args.nodeModules, "json-logic-js"));
  const random = makeRandom(args.seed);
  const gen = makeGenerator(random);

  const cases = [];
  if (args.curated) {
    for (const line of fs.readFileSync(args.curated, "utf8").split("\n")) {
      if (line.trim() === "" || line.startsWith("//")) continue;
      const c = JSON.parse(line);
      cases.push({ rule: c.rule, data: c.data === undefined ? null : c.data, origin: "curated" });
    }
  }
  const curatedCount = cases.length;
  for (let i = 0; i < args.cases; i++) cases.push({ rule: gen.rule(), data: gen.data(), origin: "random" });

  const consoleLog = console.log;
  console.log = () => {};  // json-logic-js's "log" prints; the C++ engine does not
  const expected = cases.map((c) => evaluateJs(jsonLogic, c.rule, c.data));
  console.log = consoleLog;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logic-diff-"));
  const input = path.join(dir, "cases.jsonl");
  fs.writeFileSync(input, cases.map((c) => JSON.stringify({ rule: c.rule, data: c.data })).join("\n") + "\n");
  if (args.dump) fs.copyFileSync(input, args.dump);
  const output = execFileSync(args.runner, [input], { maxBuffer: 1 << 30, encoding: "utf8" });
  fs.rmSync(dir, { recursive: true, force: true });
  const actual = output.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
  if (actual.length !== cases.length) {
    console.error(`runner returned ${actual.length} results for ${cases.length} cases`);
    process.exit(1);
  }

  const mismatches = [];
  let errorsAgreed = 0;
  cases.forEach((c, i) => {
    const js = expected[i];
    const cpp = actual[i];
    const jsFailed = "error" in js;
    const cppFailed = "error" in cpp;
    if (jsFailed && cppFailed) {
      errorsAgreed++;
      return;
    }
    if (jsFailed !== cppFailed || !deepEqual(js.result, cpp.result)) mismatches.push({ index: i, case: c, js, cpp });
  });

  for (const m of mismatches.slice(0, 10)) {
    console.log(`MISMATCH #${m.index} (${m.case.origin})`);
    console.log(`  rule: ${JSON.stringify(m.case.rule)}`);
    console.log(`  data: ${JSON.stringify(m.case.data)}`);
    console.log(`  json-logic-js: ${JSON.stringify(m.js)}`);
    console.log(`  C++:           ${JSON.stringify(m.cpp)}`);
  }
  console.log(`${cases.length} cases (${curatedCount} curated, ${args.cases} random, seed ${args.seed}), ` +
    `${errorsAgreed} failing on both sides, ${mismatches.length} mismatches`);
  process.exit(mismatches.length === 0 ? 0 : 1);
}

main();
