// Concurrent clients submitting applications through the load balancer, the way a careful API
// client does: every submission carries its own Idempotency-Key, and a submission whose outcome
// the client did not learn (network error, 502, 503, 504) is sent again with the same key and
// body until it gets an answer.
//
//   const bodies = await exampleBodies(url);
//   const results = await runLoad({ url, bodies, clients: 32, retry: true, until: () => done });
import { json } from '../lib/server.mjs';

const kRetryable = new Set([502, 503, 504]);
const kMaxAttempts = 40;
const kRequestTimeoutMs = 20000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One valid submission body per offered service (the API's own example data), as JSON text.
export async function exampleBodies(url) {
  const bodies = [];
  for (const m of (await json(`${url}/api/v1/municipalities`)).body) {
    for (const s of (await json(`${url}/api/v1/municipalities/${m.ags}/services`)).body) {
      const example = await json(`${url}/api/v1/processes/${s.process}/example?municipality=${m.ags}`);
      if (example.status !== 200) throw new Error(`no example for ${s.process}@${m.ags}: ${example.status}`);
      bodies.push(JSON.stringify({ process: s.process, municipality: m.ags, data: example.body }));
    }
  }
  if (bodies.length === 0) throw new Error('the demo offers no services');
  return bodies;
}

// One POST; resolves to { status, body, replayed } or { error } for a network failure.
export async function submit(url, body, key) {
  try {
    const res = await fetch(`${url}/api/v1/applications`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body,
      signal: AbortSignal.timeout(kRequestTimeoutMs),
    });
    const text = await res.text();
    let parsed;
    try { parsed = JSON.parse(text); } catch { parsed = text; }
    return { status: res.status, body: parsed, replayed: res.headers.get('idempotent-replayed') === 'true' };
  } catch (e) {
    return { error: `${e.message}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}` };
  }
}

// Submits `body` under `key`; with `retry`, again after every unknown outcome, with a short,
// growing pause. The result records every attempt's outcome and when the last one answered.
async function submitKey(url, body, key, retry) {
  const outcomes = [];
  for (let attempt = 1; attempt <= (retry ? kMaxAttempts : 1); ++attempt) {
    const r = await submit(url, body, key);
    outcomes.push(r.error ?? r.status);
    if (!r.error && !kRetryable.has(r.status)) return { key, request: body, ...r, outcomes, at: Date.now() };
    await sleep(Math.min(20 * attempt, 200));
  }
  return { key, request: body, status: null, outcomes, at: Date.now() };
}

// `clients` loops, each submitting one key after another until `until()` is true; a key that is
// being retried is finished first, so no submission is abandoned with an unknown outcome.
// Resolves to the results; while it runs, `.waiting(ms)` tells how many clients have waited
// longer than `ms` (default 300) for their current submission.
export function runLoad({ url, bodies, clients, retry, until, keyPrefix = 'deploy' }) {
  const results = [];
  const run = `${keyPrefix}-${Date.now().toString(36)}`;
  const started = new Map();  // client -> start of its current submission
  const promise = Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let n = 0; !until(); ++n) {
      const body = bodies[(c + n) % bodies.length];
      started.set(c, Date.now());
      results.push(await submitKey(url, body, `${run}-${c}-${n}`, retry));
      started.delete(c);
    }
  })).then(() => results);
  promise.waiting = (ms = 300) => [...started.values()].filter((t) => Date.now() - t > ms).length;
  return promise;
}

// Short description of the results that were not a 201, for assertion messages.
export function describeFailures(results, max = 10) {
  const failed = results.filter((r) => r.status !== 201);
  return `${failed.length} of ${results.length} submissions without 201; first ones: ` +
    JSON.stringify(failed.slice(0, max).map((r) => ({ key: r.key, status: r.status, outcomes: r.outcomes, body: r.body })));
}
