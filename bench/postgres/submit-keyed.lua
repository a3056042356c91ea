-- wrk script: like bench/http/submit.lua (one valid application per request), but every request
-- carries its own Idempotency-Key, as careful API clients send it: the key is stored with the
-- application, so this measures the cost of exactly-once submission.
-- AMTSWEG_BENCH_KEY_PREFIX keeps keys unique across wrk processes running at the same time.
local f = assert(io.open(os.getenv("AMTSWEG_BENCH_BODY"), "r"))
local body = f:read("*a")
f:close()
local run = os.getenv("AMTSWEG_BENCH_KEY_PREFIX") or tostring(os.time())
local threads = 0
local counter = 0
local prefix

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  prefix = string.format("%s-%d-", run, thread_id)
end

function request()
  counter = counter + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. counter,
  }, body)
end
