-- A registration rush for wrk: every request a new person (their own email address) with a
-- workshop in each time slot. The form's fields come from BENCH_BODY, the CSRF token from
-- BENCH_TOKEN (sent as cookie and field, as a browser does). A request that does not end in the
-- redirect to the private page (302) counts as an error.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  errors = 0
  body = os.getenv("BENCH_BODY")
  token = os.getenv("BENCH_TOKEN")
  path = os.getenv("BENCH_PATH")
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. token,
  }
end

function request()
  counter = counter + 1
  local email = "rush-" .. id .. "-" .. counter .. "%40example.org"
  return wrk.format("POST", path, headers, body .. "&email=" .. email)
end

function response(status, headers, body)
  if status ~= 302 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("errors")
  end
  io.write(string.format("BENCH_ERRORS %d\n", failed))
end
