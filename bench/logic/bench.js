#!/usr/bin/env node
// P3 benchmark, Node side: the same loop as bench.cpp with json-logic-js 2.0.5.
//   node bench.js RULES.json NODE_MODULES_DIR [seconds]
"use strict";
const fs = require("fs");
const path = require("path");

const [rulesPath, nodeModules, secondsArg] = process.argv.slice(2);
if (!rulesPath || !nodeModules) {
  console.error("usage: bench.js RULES.json NODE_MODULES_DIR [seconds]");
  process.exit(2);
}
const jsonLogic = require(path.resolve(nodeModules, "json-logic-js"));
const seconds = secondsArg ? Number(secondsArg) : 2;
const spec = JSON.parse(fs.readFileSync(rulesPath, "utf8"));
const data = spec.data;
const rules = spec.rules;
let sink = 0;

const now = () => Number(process.hrtime.bigint()) / 1e9;

function runRoundRobin(secs) {
  const start = now();
  let evaluations = 0;
  while (now() - start < secs) {
    for (let pass = 0; pass < 64; pass++) {
      for (const r of rules) {
        const result = jsonLogic.apply(r.rule, data);
        sink += Array.isArray(result) ? result.length : 1;
      }
      evaluations += rules.length;
    }
  }
  return evaluations / (now() - start);
}

function runOne(rule, secs) {
  const start = now();
  let evaluations = 0;
  while (now() - start < secs) {
    for (let i = 0; i < 256; i++) {
      const result = jsonLogic.apply(rule, data);
      sink += Array.isArray(result) ? result.length : 1;
    }
    evaluations += 256;
  }
  return evaluations / (now() - start);
}

const results = rules.map((r) => {
  const text = JSON.stringify(jsonLogic.apply(r.rule, data));
  return text === undefined ? null : JSON.parse(text);
});
console.log("results " + JSON.stringify(results));
runRoundRobin(0.3);  // warm-up (JIT)
for (const r of rules) console.log(`rule ${r.name} ${Math.floor(runOne(r.rule, seconds / 10))}`);
console.log("evals_per_sec " + Math.floor(runRoundRobin(seconds)));
console.error(`(sink ${sink})`);
