-- wrk script for bench/pages: an approximate fixed request rate.
--
--   wrk -cN ... -s bench/rate.lua URL -- DELAY_MS
--
-- wrk has no rate option. Here each connection waits about DELAY_MS (fractional) before
-- each request, so N connections offer roughly N / (DELAY_MS + service time) requests
-- per second; bench/pages calibrates DELAY_MS with a short run. The wait is drawn
-- uniformly from [0.5, 1.5] x DELAY_MS so connections do not fire in lock-step, and
-- rounded to whole milliseconds (wrk's unit) at random so that its mean stays DELAY_MS.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local delay_ms = 0

function init(args)
  delay_ms = tonumber(args[1] or "0") or 0
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function delay()
  local x = delay_ms * (0.5 + math.random())
  local whole = math.floor(x)
  if math.random() < x - whole then
    whole = whole + 1
  end
  return whole
end
