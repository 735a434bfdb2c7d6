-- wrk script for P12 (issue 24): mixed public catalog traffic. Reads BENCH_URLS, a file of
-- paths one a line (1,000 distinct catalog URLs written by `seed.py --urls`, see
-- catalog_urls.py), shuffles them with a per-thread seed and requests them in that order,
-- over and over. The headers given to wrk with -H are sent with each.

local threads = 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

function init(args)
  local file = assert(os.getenv("BENCH_URLS"), "set BENCH_URLS to the URL list")
  local paths = {}
  for line in io.lines(file) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  assert(#paths > 0, "no URLs in " .. file)
  math.randomseed(2400 + (thread_number or 0))
  for i = #paths, 2, -1 do
    local j = math.random(i)
    paths[i], paths[j] = paths[j], paths[i]
  end
  prepared = {}
  for i, path in ipairs(paths) do prepared[i] = wrk.format("GET", path) end
  next_index = 0
end

function request()
  next_index = next_index % #prepared + 1
  return prepared[next_index]
end
