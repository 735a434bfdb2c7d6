-- wrk script for P3: every request asks for BENCH_RANGE_BYTES (default 1 MiB) at a random
-- offset of a file of BENCH_FILE_SIZE bytes, like a player seeking through a video. The same
-- seeds are used against Ketang and nginx, so both serve the same sequence of ranges.
-- done() prints exact totals (wrk's own "Transfer/sec" is rounded) for bench/report.py.

local file_size = tonumber(os.getenv("BENCH_FILE_SIZE") or "")
local range_bytes = tonumber(os.getenv("BENCH_RANGE_BYTES") or "1048576")
assert(file_size and file_size > range_bytes, "set BENCH_FILE_SIZE (> BENCH_RANGE_BYTES)")

local counter = 0

function setup(thread)
  thread:set("thread_number", counter)
  counter = counter + 1
end

function init(args)
  math.randomseed(4242 + (thread_number or 0))
end

function request()
  local first = math.random(0, file_size - range_bytes)
  return wrk.format(nil, nil, { ["Range"] = "bytes=" .. first .. "-" .. (first + range_bytes - 1) })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_BYTES %d\nBENCH_DURATION_US %d\nBENCH_REQUESTS %d\nBENCH_STATUS_ERRORS %d\n" ..
    "BENCH_SOCKET_ERRORS %d\nBENCH_P50_US %d\nBENCH_P99_US %d\n",
    summary.bytes, summary.duration, summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
