-- wrk script for bench/web.sh: POST /api/v1/critique with the same ~400-word answer as
-- bench/critique.lua, but in a field the API ignores, and a one-word answer to critique. It measures
-- what the HTTP request, the JSON in and out and the guard cost without the critic's work on 400 words.

local source = io.open("bench/critique.lua"):read("*a")
local answer = source:match("local answer = %[%[\n(.-)\n%]%]")

wrk.method = "POST"
wrk.path = "/api/v1/critique"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Host"] = wrk.host .. ":" .. wrk.port
wrk.body = '{"text":"x","ignored":"' .. (answer:gsub("\n", "")) .. '","principles":["deliver-results","earn-trust"]}'
