-- wrk script of the benchmark: one scenario, one wrk thread.
--
-- Set by bench/run.py through the environment:
--   BENCH_SCENARIO  me | rest_get | gql_deactivate | rest_deactivate |
--                   gql_refused | rest_refused | products
--   BENCH_ROWS      file of "customer_id target_id token" lines
--   BENCH_LIMIT     0 to run for wrk's duration; N to send exactly N requests,
--                   each row once, then stop
--   BENCH_DONE      file written when the last of the N responses arrived
-- Prints one line "RESULT key=value ..." that bench/run.py reads.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")

local function now()
  ffi.C.clock_gettime(1, clock)
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9
end

local scenario = os.getenv("BENCH_SCENARIO")
local limit = tonumber(os.getenv("BENCH_LIMIT") or "0")
local done_file = os.getenv("BENCH_DONE")

local ME = '{"operationName":"Me","query":"query Me { me { id email firstName lastName '
  .. 'phone isStaff isActive dateJoined deactivatedAt } }"}'
local DEACTIVATE = '{"operationName":"Deactivate","query":"mutation Deactivate($id: ID!) '
  .. '{ deactivateCustomer(id: $id) { customer { id isActive deactivatedAt } } }",'
  .. '"variables":{"id":"%s"}}'
local PRODUCTS = '{"operationName":"Products","query":"query Products { products(first: 50) '
  .. '{ edges { node { id name price store { name } reviews(first: 3) { edges { node '
  .. '{ rating body authorName } } } } } } }"}'

local rows = {}
local next_row = 0
local reserved = 0
-- Globals, so that done() can read them with thread:get().
received = 0
bad = 0
started = nil
finished = nil

local function build(row)
  local auth = { ["Authorization"] = "Bearer " .. row.token,
                 ["Content-Type"] = "application/json" }
  if scenario == "me" then
    return wrk.format("POST", "/graphql", auth, ME)
  elseif scenario == "rest_get" then
    return wrk.format("GET", "/api/v1/customers/" .. row.id .. "/", auth)
  elseif scenario == "gql_deactivate" then
    return wrk.format("POST", "/graphql", auth, string.format(DEACTIVATE, row.id))
  elseif scenario == "rest_deactivate" then
    return wrk.format("DELETE", "/api/v1/customers/" .. row.id .. "/", auth)
  elseif scenario == "gql_refused" then
    return wrk.format("POST", "/graphql", auth, string.format(DEACTIVATE, row.target))
  elseif scenario == "rest_refused" then
    return wrk.format("DELETE", "/api/v1/customers/" .. row.target .. "/", auth)
  end
  return wrk.format("POST", "/graphql", { ["Content-Type"] = "application/json" }, PRODUCTS)
end

local function expected(status, body)
  if scenario == "me" or scenario == "products" then
    return status == 200 and not body:find('"errors"', 1, true)
  elseif scenario == "rest_get" then
    return status == 200
  elseif scenario == "gql_deactivate" then
    return status == 200 and body:find('"isActive":false', 1, true) ~= nil
  elseif scenario == "rest_deactivate" then
    return status == 204
  elseif scenario == "gql_refused" then
    return status == 200 and body:find("FORBIDDEN", 1, true) ~= nil
  end
  return status == 403
end

function setup(thread)
  threads = threads or {}
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_ROWS")) do
    local id, target, token = line:match("(%S+) (%S+) (%S+)")
    local row = { id = id, target = target, token = token }
    if limit == 0 then
      row.request = build(row)
    end
    table.insert(rows, row)
  end
end

function delay()
  if limit > 0 and reserved >= limit then
    return 600000
  end
  reserved = reserved + 1
  return 0
end

function request()
  started = started or now()
  next_row = next_row + 1
  local row = rows[(next_row - 1) % #rows + 1]
  return row.request or build(row)
end

function response(status, headers, body)
  received = received + 1
  finished = now()
  if not expected(status, body) then
    bad = bad + 1
  end
  if limit > 0 and received >= limit then
    local file = io.open(done_file, "w")
    file:write("done\n")
    file:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local thread = threads[1]
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format(
    "RESULT received=%d bad=%d socket_errors=%d seconds=%.6f p50_us=%d p99_us=%d\n",
    thread:get("received"), thread:get("bad"), socket_errors,
    (thread:get("finished") or 0) - (thread:get("started") or 0),
    latency:percentile(50), latency:percentile(99)))
end
