-- wrk script for make bench's consultation submissions (bench/run.py).
--
-- Run with as many threads as connections (-t50 -c50): wrk keeps one Lua
-- state per thread, so each thread is one client going round a small state
-- machine, one resident after another:
--
--   GET the form -> take its hidden inputs (CSRF token, idempotency key,
--   signed start time) and the csrftoken cookie -> POST them with the
--   answers, on the same connection -> a 302 or 303 is one submission,
--   anything else a failure -> the next resident: a new connection, no
--   cookies, GET a new form.
--
-- A new connection for each resident, as the Python client this replaces
-- opened: on connections kept alive for the whole run, gunicorn's processes
-- keep whichever clients they accepted first (17, 19, 8 and 6 of the 50 in
-- one run), and the busiest process sets the pace.
--
-- A POST whose answer never came (the connection dropped) is sent again with
-- the same idempotency key, as a browser's retry would be: the server must
-- store it once.
--
-- Arguments after "--": the answers, already form-encoded by run.py
-- ("q1=3&q2=7&q3=Fine."), and the Referer to send with each POST.
--
-- done() prints one line, SUBMIT {json}: the successful POSTs and the
-- idempotency key of each, the failures, the key of each POST still waiting
-- for its answer when wrk stopped (the server may or may not have stored
-- it), and each POST's latency in microseconds, from the moment wrk asked
-- for the request to its whole response (LuaJIT's FFI: wrk's own latency
-- figures mix GETs and POSTs).

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } submit_timespec;
int clock_gettime(int clock_id, submit_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("submit_timespec")

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000000 + math.floor(tonumber(timespec.tv_nsec) / 1000)
end

local ENTITIES = { amp = "&", lt = "<", gt = ">", quot = '"', ["#x27"] = "'", ["#39"] = "'" }

local function unescape(value)
  return (value:gsub("&(#?%w+);", function(name)
    return ENTITIES[name] or ("&" .. name .. ";")
  end))
end

local function urlencode(value)
  return (value:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

-- The hidden inputs of a page, form-encoded, and the idempotency key among them.
local function hidden_fields(body)
  local fields, key = {}, nil
  for tag in body:gmatch("<input[^>]-%f[%w]type=\"hidden\"[^>]*>") do
    local name = tag:match("%f[%w]name=\"([^\"]*)\"")
    local value = unescape(tag:match("%f[%w]value=\"([^\"]*)\"") or "")
    if name then
      fields[#fields + 1] = urlencode(name) .. "=" .. urlencode(value)
      if name == "idempotency_key" then
        key = value
      end
    end
  end
  return table.concat(fields, "&"), key
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  answers = args[1] or ""
  referer = args[2] or ""
  state = "get" -- "get", "post" (a form to send), "posted" (awaiting its answer)
  cookie = nil
  form, key, sent_at = nil, nil, nil
  submitted = 0
  get_failed = 0
  post_failed = 0
  resent = 0
  statuses = {} -- the failures by request and status: "POST 403" = 2
  keys = {}
  latencies = {}
  pending = ""
end

local function headers_for(extra)
  local headers = { Host = "127.0.0.1" }
  if cookie then
    headers["Cookie"] = cookie
  end
  for name, value in pairs(extra or {}) do
    headers[name] = value
  end
  return headers
end

function request()
  if state == "posted" then
    -- Asked again before the POST was answered: the connection dropped.
    resent = resent + 1
    state = "post"
  end
  if state ~= "post" then
    -- (also wrk's own check of this script, in a state init() never ran in)
    return wrk.format("GET", wrk.path, headers_for())
  end
  state = "posted"
  pending = key
  sent_at = now_us()
  return wrk.format("POST", wrk.path, headers_for({
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Referer"] = referer,
    ["Connection"] = "close",
  }), form .. "&" .. answers)
end

local function keep_cookie(headers)
  -- wrk gives one value per header name; the form page sets only csrftoken.
  local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
  if set_cookie then
    local name, value = set_cookie:match("^%s*([^=;]+)=([^;]*)")
    if name == "csrftoken" then
      cookie = "csrftoken=" .. value
    end
  end
end

local function failure(what)
  statuses[what] = (statuses[what] or 0) + 1
end

function response(status, headers, body)
  keep_cookie(headers)
  if state == "get" then
    if status == 200 then
      form, key = hidden_fields(body)
      if key then
        state = "post"
        return
      end
    end
    get_failed = get_failed + 1
    failure("GET " .. status)
    return
  end
  latencies[#latencies + 1] = now_us() - sent_at
  pending = ""
  if status == 302 or status == 303 then
    submitted = submitted + 1
    keys[#keys + 1] = key
  else
    post_failed = post_failed + 1
    failure("POST " .. status)
  end
  -- The next resident: a new connection (the POST asked for this one to be
  -- closed) and no cookies.
  state = "get"
  cookie = nil
end

local function json_list(items, quoted)
  local out = {}
  for i, item in ipairs(items) do
    out[i] = quoted and ('"' .. item .. '"') or string.format("%d", item)
  end
  return "[" .. table.concat(out, ",") .. "]"
end

function done(summary, latency, requests)
  local all_keys, all_latencies, pending_keys = {}, {}, {}
  local get_f, post_f, again, by_status = 0, 0, 0, {}
  for _, thread in ipairs(threads) do
    for _, k in ipairs(thread:get("keys")) do
      all_keys[#all_keys + 1] = k
    end
    for _, l in ipairs(thread:get("latencies")) do
      all_latencies[#all_latencies + 1] = l
    end
    local waiting = thread:get("pending")
    if waiting ~= "" then
      pending_keys[#pending_keys + 1] = waiting
    end
    get_f = get_f + thread:get("get_failed")
    post_f = post_f + thread:get("post_failed")
    again = again + thread:get("resent")
    for what, n in pairs(thread:get("statuses")) do
      by_status[what] = (by_status[what] or 0) + n
    end
  end
  local failures = {}
  for what, n in pairs(by_status) do
    failures[#failures + 1] = string.format('"%s": %d', what, n)
  end
  io.write(string.format(
    'SUBMIT {"duration_us": %d, "requests": %d, "socket_errors": %d, ' ..
    '"get_failed": %d, "post_failed": %d, "failures": {%s}, "resent": %d, ' ..
    '"keys": %s, ' ..
    '"pending": %s, "post_latencies_us": %s, "p95_us": %d}\n',
    summary.duration, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, get_f, post_f, table.concat(failures, ", "), again, json_list(all_keys, true),
    json_list(pending_keys, true), json_list(all_latencies, false),
    latency:percentile(95)))
end
