-- Wrong passwords for random phones. With FORWARDED=1 each request also claims a random
-- client address in X-Forwarded-For (the server trusts 127.0.0.1 as its proxy in that run):
-- a flood from many addresses, which no per-address quota stops.
local forwarded = os.getenv("FORWARDED") == "1"
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))

request = function()
  local phone = string.format("137%08d", math.random(0, 99999999))
  local headers = { ["Content-Type"] = "application/json" }
  if forwarded then
    headers["X-Forwarded-For"] = string.format("%d.%d.%d.%d",
      math.random(1, 223), math.random(0, 255), math.random(0, 255), math.random(1, 254))
  end
  local body = string.format('{"phone":"%s","password":"Wrong#%06d"}', phone, math.random(0, 999999))
  return wrk.format("POST", "/api/v1/auth/sign-in/password", headers, body)
end

-- Counts answers by status, printed at the end (wrk only counts non-2xx/3xx together).
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function() statuses = {} end
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function()
  local total = {}
  for _, thread in ipairs(threads) do
    local counted = thread:get("statuses")
    for status, n in pairs(counted) do total[status] = (total[status] or 0) + n end
  end
  local keys = {}
  for status in pairs(total) do table.insert(keys, status) end
  table.sort(keys)
  for _, status in ipairs(keys) do io.write(string.format("status %d: %d\n", status, total[status])) end
end
