-- wrk script of bench_pages.py: sends the requests of a plan file in turn and counts statuses.
--
--   wrk ... --script bench_pages.lua http://127.0.0.1:PORT -- PLAN_FILE
--
-- Each plan line: METHOD <tab> PATH <tab> COOKIE or - <tab> BODY or - (form-encoded).
-- A POST's body gets a suffix unique to the wrk thread and request ("+r<thread>x<n>"), so that
-- every reply has a text of its own. done() prints one line "BENCH-RESULT {json}" with the
-- latency percentiles, the socket errors and the count of every status seen, which
-- bench_pages.py compares with what each page must answer (a 4xx/5xx is never timed as fast).

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function init(args)
   plan = {}
   for line in io.lines(args[1]) do
      local fields = {}
      for field in string.gmatch(line, "[^\t]+") do
         table.insert(fields, field)
      end
      table.insert(plan, {method = fields[1], path = fields[2], cookie = fields[3], body = fields[4]})
   end
   statuses = {}
   posts = 0
   sent = (id - 1) * 7  -- threads start at different places of the plan
end

function request()
   sent = sent + 1
   local step = plan[(sent - 1) % #plan + 1]
   local headers = {}
   if step.cookie ~= "-" then
      headers["Cookie"] = step.cookie
   end
   local body = nil
   if step.method == "POST" then
      posts = posts + 1
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      body = step.body .. "+r" .. id .. "x" .. sent
   end
   return wrk.format(step.method, step.path, headers, body)
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
   local counts, total_posts = {}, 0
   for _, thread in ipairs(threads) do
      total_posts = total_posts + thread:get("posts")
      for status, n in pairs(thread:get("statuses")) do
         counts[status] = (counts[status] or 0) + n
      end
   end
   local parts = {}
   for status, n in pairs(counts) do
      table.insert(parts, string.format("\"%s\": %d", status, n))
   end
   local e = summary.errors
   io.write(string.format(
      "BENCH-RESULT {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p95_us\": %d, \"p99_us\": %d, " ..
      "\"max_us\": %d, \"posts\": %d, \"socket_errors\": %d, \"statuses\": {%s}}\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
      latency.max, total_posts, e.connect + e.read + e.write + e.timeout, table.concat(parts, ", ")))
end
