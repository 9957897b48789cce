-- wrk script: every request is a different reader (a distinct X-Forwarded-For address, honoured
-- because the server trusts 127.0.0.1 as a proxy), so every request is a view to count.
-- The worst case for counting: no reload is ever de-duplicated away.
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  n = 0
  path = os.getenv("BENCH_PATH") or "/"
  pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
  -- each wrk invocation starts its visitors elsewhere, so no run replays an earlier run's readers
  offset = tonumber(os.getenv("BENCH_VISITOR_OFFSET") or "0")
  ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
end

function delay()
  return pause
end

function request()
  n = n + 1
  local v = offset + n * 8 + tid
  local ip = string.format("%d.%d.%d.%d", 11 + math.floor(v / 16777216) % 200, math.floor(v / 65536) % 256,
    math.floor(v / 256) % 256, v % 256)
  return wrk.format("GET", path, { ["X-Forwarded-For"] = ip, ["User-Agent"] = ua })
end
