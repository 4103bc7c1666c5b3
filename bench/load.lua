-- wrk script for make bench (bench/run.py).
-- Arguments after "--": mode ("cached" or "uncached") and a nonce unique to
-- this run. "uncached" adds bench=<nonce>-<thread>-<n> to every request, a
-- query parameter that portal.settings.bench makes part of the page cache
-- key, so each request asks for an address never asked before, in this run
-- or any earlier one. Every response's X-Cache header is counted: an
-- uncached run must report 0 hits.

local threads = {}

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "cached"
  nonce = args[2] or "0"
  hits = 0
  misses = 0
  other = 0
  counter = 0
  separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
end

function request()
  if mode ~= "uncached" then
    return wrk.format("GET", wrk.path)
  end
  counter = counter + 1
  local path = wrk.path .. separator .. "bench=" .. nonce .. "-" .. number .. "-" .. counter
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then
    other = other + 1
  end
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == "hit" then
    hits = hits + 1
  elseif cache == "miss" then
    misses = misses + 1
  end
end

function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    o = o + thread:get("other")
  end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "hits": %d, "misses": %d, "non_200": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), h, m, o,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout))
end
