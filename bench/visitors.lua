-- wrk script: readers who each open BENCH_PAGES_PER_VISITOR different articles (from BENCH_PATHS,
-- comma-separated), every reader with an address of their own in X-Forwarded-For (honoured because
-- the server trusts 127.0.0.1 as a proxy). No page is ever a reload, so every request is a view to count.
-- BENCH_PAGES_PER_VISITOR=1 is the worst case for counting: every request is a new visitor.
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  n = 0
  paths = {}
  for p in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^,]+") do
    table.insert(paths, p)
  end
  per_visitor = tonumber(os.getenv("BENCH_PAGES_PER_VISITOR") or "1")
  pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
  -- each wrk invocation starts its readers elsewhere, so no run replays an earlier run's readers
  offset = tonumber(os.getenv("BENCH_VISITOR_OFFSET") or "0")
  ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
  -- BENCH_UA_LENGTH=512: a User-Agent of its own for every request, that length, so that no cache of
  -- verdicts can help; BENCH_UA_PREFIX goes before it (bench/ua-cost.sh)
  ua_length = tonumber(os.getenv("BENCH_UA_LENGTH") or "0")
  ua_prefix = os.getenv("BENCH_UA_PREFIX") or ""
  -- BENCH_REPORT_ORIGIN set: instead of GETting each page, report its view as /pulse.js does
  -- (POST /api/v1/views from that origin, the page's path in the body; bench/embed.sh)
  -- BENCH_ACCEPT_ENCODING=gzip: every request asks for that encoding, as browsers do (bench/run.sh's
  -- default); unset or empty, none, and every answer comes as it is
  accept_encoding = os.getenv("BENCH_ACCEPT_ENCODING")
  if accept_encoding == "" then
    accept_encoding = nil
  end
  report_origin = os.getenv("BENCH_REPORT_ORIGIN")
  if report_origin == "" then
    report_origin = nil
  end
end

-- The browser's User-Agent with " id/" and the request's number in hex, zero-padded to ua_length.
local function unique_agent(v)
  local base = ua_prefix .. ua .. " id/"
  local hex = string.format("%x", v)
  return base .. string.rep("0", ua_length - #base - #hex) .. hex
end

function delay()
  return pause
end

function request()
  local page = n % per_visitor
  local v = offset + math.floor(n / per_visitor) * 8 + tid
  n = n + 1
  local ip = string.format("%d.%d.%d.%d", 11 + math.floor(v / 16777216) % 200, math.floor(v / 65536) % 256,
    math.floor(v / 256) % 256, v % 256)
  local agent = ua
  if ua_length > 0 then
    agent = unique_agent(v * per_visitor + page)
  end
  if report_origin then
    local path = paths[(v * per_visitor + page) % #paths + 1]
    return wrk.format("POST", "/api/v1/views", { ["X-Forwarded-For"] = ip, ["User-Agent"] = agent,
      ["Origin"] = report_origin, ["Content-Type"] = "text/plain;charset=UTF-8" }, '{"p":"' .. path .. '"}')
  end
  return wrk.format("GET", paths[page % #paths + 1], { ["X-Forwarded-For"] = ip, ["User-Agent"] = agent,
    ["Accept-Encoding"] = accept_encoding })
end
