-- wrk script for P11 (issue 24): catalog requests that the server's response cache has never
-- seen, so every answer is computed by the database (the figure is about the queries).
--
-- BENCH_URLS names a file of lines `path<TAB>search<TAB>room` (catalog_urls.py growth):
-- `path` has a query string, `search` is a percent-encoded title search (may be empty) and
-- `room` how many characters `q` may still take (it is at most 30). Request number g (over
-- all threads) takes line g mod N and appends `&q=<search><padding>`, where the padding is a
-- distinct string of spaces, tabs and line feeds for each g and each BENCH_PASS (0–7; give
-- every wrk run against one server its own, warm-ups included): the catalog trims `q` (and
-- ignores a blank one), so the query is the same, but the cache key (the parsed filters) is
-- new each time.

local stride = 4 -- at least wrk's threads: thread t makes requests t, t + 4, t + 8, …
local pass = tonumber(os.getenv("BENCH_PASS") or "0")
assert(pass >= 0 and pass < 8, "BENCH_PASS is 0–7")
local threads = 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

function init(args)
  local file = assert(os.getenv("BENCH_URLS"), "set BENCH_URLS to the URL list")
  entries = {}
  for line in io.lines(file) do
    local path, search, room = line:match("^([^\t]+)\t([^\t]*)\t(%d+)$")
    if path then entries[#entries + 1] = { path = path .. "&q=" .. search, room = tonumber(room) } end
  end
  assert(#entries > 0, "no lines in " .. file)
  assert(thread_number < stride, "at most " .. stride .. " threads")
  made = 0
end

-- k ≥ 1 in base 3, least significant digit first, 0 as a space, 1 as a tab, 2 as a line
-- feed: the last digit is never a space, so no two k give the same string.
local whitespace = { [0] = "%20", "%09", "%0A" }
local function padding(k, room)
  local digits = {}
  while k > 0 do
    digits[#digits + 1] = whitespace[k % 3]
    k = math.floor(k / 3)
  end
  assert(#digits <= room, "out of distinct paddings: make the run shorter")
  return table.concat(digits)
end

function request()
  local g = made * stride + thread_number
  made = made + 1
  local entry = entries[g % #entries + 1]
  local k = (math.floor(g / #entries) + 1) * 8 + pass
  return wrk.format("GET", entry.path .. padding(k, entry.room))
end
