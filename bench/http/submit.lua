-- wrk script: POST one valid application per request (body prepared by bench/http/p1-submit).
local f = assert(io.open(os.getenv("AMTSWEG_BENCH_BODY"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

