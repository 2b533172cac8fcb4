-- Shared by the wrk scripts: counts 429s per thread and prints one JSON line per run.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  count_429 = 0
end

function response(status, headers, body)
  if status == 429 then count_429 = count_429 + 1 end
end

function done(summary, latency, requests)
  local total_429 = 0
  for _, thread in ipairs(threads) do total_429 = total_429 + thread:get("count_429") end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"seconds":%.2f,"rps":%.1f,"ok_rps":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,' ..
    '"status_429":%d,"other_errors":%d,"socket_errors":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    (summary.requests - summary.errors.status) / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, total_429, summary.errors.status - total_429,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
