-- wrk_paths.lua - each request GETs a random line of the file named by $PATHS (one URL path
-- per line), so that a run spreads over many declarations instead of one cached row.
local paths = {}

local function load()
  local f = assert(io.open(os.getenv("PATHS"), "r"))
  for line in f:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  f:close()
end

load()
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

function init(args)
  math.randomseed(os.time() + (tid or 0) * 7919)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
