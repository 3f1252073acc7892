-- The mixed load of tests/load (docs/performance.md, "Mixed load"): run by registre_load as
--   wrk -t<C> -c<C> -d<S>s -s mixed.lua http://127.0.0.1:<port> -- out=<prefix> run=<tag>
--       purpose=<id> hot=<id,id,...>
-- One connection per wrk thread: wrk gives response() no connection, and a thread's Lua state is
-- shared by its connections, so only with one connection per thread does each answer follow the
-- request it answers (request() and response() alternate; a request whose connection failed gets
-- no response(), and the next request() notices it).
--
-- The mix: 40 % list pages (first pages by name or number, then following their `next` cursor),
-- 15 % searches, 20 % member reads, 10 % creates, 10 % updates with If-Match, 5 % consent events.
-- Updates go to a small shared set of "hot" members (so that threads race on them: If-Match makes
-- the loser answer 412, and the thread reads the member again), each with the ETag this thread
-- got from its own last read or update of that member.
--
-- Each thread writes <prefix>.t<N>, one tab-separated line per event, line-buffered:
--   answer  <kind> <status> <microseconds>
--   create  <id> <version> <lastName> <firstName> <email> <city> <notes>       (201 received)
--   update  <member> <version> <city> <notes>                                 (200 received)
--   consent <member> <eventId> <purposeId> <decision> <evidence>              (201 received)
--   unanswered create  <lastName> <firstName> <email> <city> <notes>
--   unanswered update  <member> <ifMatchVersion> <city> <notes>
--   unanswered consent <member> <purposeId> <decision> <evidence>
--   unanswered <other kind>
-- done() writes <prefix> itself: wrk's totals, each thread's number of answers (to check that its
-- file is complete) and the request each thread had in flight when the time was up:
--   wrk     <microseconds> <requests> <connect errors> <read> <write> <status >= 400> <timeouts>
--   thread  <N> <answers>
--   unanswered ... (as above, for thread N's request in flight, if any)

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } registre_timespec;
  int clock_gettime(int clock, registre_timespec* out);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("registre_timespec")
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000000 + math.floor(tonumber(timespec.tv_nsec) / 1000)
end

local ORG = "/api/v1/organizations/1"
-- Three-letter starts of the seeded surnames and first names (tests/bench/people.cpp).
local PREFIXES = { "mar", "ber", "dub", "tho", "rob", "ric", "pet", "dur", "ler", "mor", "sim",
  "lau", "mic", "lef", "gar", "dav", "ber", "rou", "fou", "mer", "gir", "bon", "dup", "lam",
  "fon", "che", "nic", "gau", "rol", "cla", "jea", "mat", "luc", "eli", "cam", "lea", "hug" }

-- setup() runs in wrk's main Lua state, once per thread: number them and keep them for done().
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

-- Everything below runs in each thread's own Lua state.
local out, run_tag, purpose, hot, hot_set
local pool = {}          -- member ids seen in answers, for reads and consent events
local pool_next = 1
local etags = {}         -- hot member id -> version of this thread's last read/update
local reread             -- a hot member to read again after a 412
local cursor             -- { sort = ..., next = ... } of the last list page
local counter = 0
local inflight           -- the request sent and not yet answered
answered = 0             -- globals that done() reads with thread:get
out_prefix = nil
inflight_line = nil      -- global: the in-flight request as an "unanswered" line, for done()

local function arg_table(args)
  local t = {}
  for _, a in ipairs(args) do
    local k, v = a:match("^([%w_]+)=(.*)$")
    if k then t[k] = v end
  end
  return t
end

function init(args)
  local a = arg_table(args)
  assert(a.out and a.run and a.purpose and a.hot, "mixed.lua needs out=, run=, purpose=, hot=")
  run_tag, purpose = a.run, tonumber(a.purpose)
  hot, hot_set = {}, {}
  for id in a.hot:gmatch("%d+") do
    hot[#hot + 1] = tonumber(id)
    hot_set[tonumber(id)] = true
    pool[#pool + 1] = tonumber(id)
  end
  out_prefix = a.out
  out = assert(io.open(a.out .. ".t" .. thread_number, "w"))
  out:setvbuf("line")
  math.randomseed(thread_number * 7919 + os.time())
end

local function line(...)
  out:write(table.concat({ ... }, "\t"), "\n")
end

local function remember(id)
  if #pool < 4096 then
    pool[#pool + 1] = id
  else
    pool[pool_next] = id
    pool_next = pool_next % 4096 + 1
  end
end

local function pick(list) return list[math.random(#list)] end

local function header(headers, name)
  for k, v in pairs(headers) do
    if k:lower() == name then return v end
  end
end

local function version_of(headers)
  return tonumber((header(headers, "etag") or ""):match('^"(%d+)"$'))
end

-- A unique, recognisable token: run, thread, request counter.
local function token(letter)
  counter = counter + 1
  return run_tag .. "t" .. thread_number .. letter .. counter
end

local function json_body(fields)
  local parts = {}
  for _, f in ipairs(fields) do
    local v = f[2]
    parts[#parts + 1] = '"' .. f[1] .. '":' .. (type(v) == "number" and tostring(v) or '"' .. v .. '"')
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

-- Request builders: each returns the table kept in `inflight`.
local build = {}

function build.list()
  if cursor and math.random() < 0.7 then
    return { kind = "page", method = "GET", sort = cursor.sort,
      path = ORG .. "/members?limit=50&sort=" .. cursor.sort .. "&after=" .. cursor.next }
  end
  local sort = math.random() < 0.7 and "name" or "number"
  return { kind = "list", method = "GET", sort = sort,
    path = ORG .. "/members?limit=50&sort=" .. sort }
end

function build.search()
  return { kind = "search", method = "GET", path = ORG .. "/members?limit=50&q=" .. pick(PREFIXES) }
end

function build.read(id)
  id = id or reread or (math.random() < 0.5 and pick(hot) or pick(pool))
  reread = nil
  return { kind = "read", method = "GET", member = id, path = ORG .. "/members/" .. id }
end

function build.create()
  local t = token("c")
  local r = { kind = "create", method = "POST", path = ORG .. "/members",
    last = "Charge", first = "L" .. t, email = "l" .. t .. "@load.example.org",
    city = "Lyon", notes = "load create " .. t }
  r.body = json_body({ { "lastName", r.last }, { "firstName", r.first }, { "email", r.email },
    { "city", r.city }, { "postcode", "69001" }, { "notes", r.notes } })
  r.headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "load-" .. t }
  return r
end

function build.update()
  -- A hot member this thread holds an ETag for; else read one first.
  local known = {}
  for id in pairs(etags) do known[#known + 1] = id end
  if #known == 0 then return build.read(pick(hot)) end
  local id = pick(known)
  local t = token("u")
  local r = { kind = "update", method = "PUT", path = ORG .. "/members/" .. id, member = id,
    if_match = etags[id], city = "Ville " .. t, notes = "load update " .. t }
  r.body = json_body({ { "city", r.city }, { "notes", r.notes } })
  r.headers = { ["Content-Type"] = "application/json", ["If-Match"] = '"' .. r.if_match .. '"' }
  return r
end

function build.consent()
  local id = pick(pool)
  local t = token("e")
  local r = { kind = "consent", method = "POST", path = ORG .. "/members/" .. id .. "/consents",
    member = id, decision = math.random() < 0.5 and "given" or "withdrawn",
    evidence = "load consent " .. t }
  r.body = json_body({ { "purposeId", purpose }, { "decision", r.decision }, { "channel", "web" },
    { "evidence", r.evidence } })
  r.headers = { ["Content-Type"] = "application/json" }
  return r
end

local MIX = { { 40, build.list }, { 15, build.search }, { 20, build.read }, { 10, build.create },
  { 10, build.update }, { 5, build.consent } }

local function next_request()
  if reread then return build.read(reread) end
  local roll = math.random(100)
  for _, m in ipairs(MIX) do
    if roll <= m[1] then return m[2]() end
    roll = roll - m[1]
  end
end

local function unanswered_line(r)
  if r.kind == "create" then
    return table.concat({ "unanswered", "create", r.last, r.first, r.email, r.city, r.notes }, "\t")
  elseif r.kind == "update" then
    return table.concat({ "unanswered", "update", r.member, r.if_match, r.city, r.notes }, "\t")
  elseif r.kind == "consent" then
    return table.concat({ "unanswered", "consent", r.member, purpose, r.decision, r.evidence }, "\t")
  end
  return "unanswered\t" .. r.kind
end

local calls = 0

function request()
  calls = calls + 1
  if inflight and not inflight.probe then
    -- The connection failed before an answer came: the outcome of that request is unknown.
    line(inflight_line)
  end
  local r = next_request()
  -- wrk calls the first thread's request() once before the run to check it, and never sends
  -- that request.
  r.probe = thread_number == 1 and calls == 1
  inflight = r
  inflight_line = unanswered_line(r)
  r.started = now_us()
  return wrk.format(r.method, r.path, r.headers or {}, r.body)
end

-- Answer handlers: what a request's answer teaches the thread, and the acknowledged writes.
local learn = {}

local function harvest(body)
  local n = 0
  for id in body:gmatch('"id":(%d+)') do
    n = n + 1
    if n % 10 == 1 then remember(tonumber(id)) end
  end
end

function learn.list(r, status, headers, body)
  if status ~= 200 then cursor = nil return end
  harvest(body)
  local next = body:match('"next":"([^"]+)"')
  cursor = next and { sort = r.sort, next = next } or nil
end
learn.page = learn.list

function learn.search(r, status, headers, body)
  if status == 200 then harvest(body) end
end

function learn.read(r, status, headers, body)
  if status == 200 and hot_set[r.member] then etags[r.member] = version_of(headers) end
end

function learn.create(r, status, headers, body)
  if status ~= 201 then return end
  local id = tonumber(body:match('"id":(%d+)'))
  line("create", id, version_of(headers), r.last, r.first, r.email, r.city, r.notes)
  remember(id)
end

function learn.update(r, status, headers, body)
  if status == 200 then
    local version = version_of(headers)
    line("update", r.member, version, r.city, r.notes)
    etags[r.member] = version
  elseif status == 412 then
    etags[r.member] = nil
    reread = r.member
  end
end

function learn.consent(r, status, headers, body)
  if status == 201 then
    line("consent", r.member, body:match('"id":(%d+)'), purpose, r.decision, r.evidence)
  end
end

function response(status, headers, body)
  local r = inflight
  if not r then return end
  inflight, inflight_line = nil, nil
  answered = answered + 1
  line("answer", r.kind, status, now_us() - r.started)
  learn[r.kind](r, status, headers, body)
end

-- In wrk's main state (which got no arguments), after the run.
function done(summary, latency, requests)
  local f = assert(io.open(threads[1]:get("out_prefix"), "w"))
  local e = summary.errors
  f:write(table.concat({ "wrk", summary.duration, summary.requests, e.connect, e.read, e.write,
    e.status, e.timeout }, "\t"), "\n")
  for i, t in ipairs(threads) do
    local pending = t:get("inflight_line")
    f:write(table.concat({ "thread", i, t:get("answered") }, "\t"), "\n")
    if pending then f:write(pending, "\n") end
  end
  f:close()
end
