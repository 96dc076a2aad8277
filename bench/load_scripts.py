"""The wrk Lua scripts of `api_load.py`: one request shape per endpoint, bounded in count.

Every script stops its thread after `max_requests` answers (wrk itself bounds the time), and
counts answers that are not 2xx, which `api_load.py` reports beside the figures.
"""

import json

# Shared by every script: a per-thread request budget, and a count of unexpected answers.
PRELUDE = """
local counter = 0
local threads = {}
local max_requests = %(max_requests)d
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(os.time() * 1000 + id)
  answered, unexpected = 0, 0
end
function response(status, headers, body)
  answered = answered + 1
  if status < 200 or status > 299 then unexpected = unexpected + 1 end
  if answered >= max_requests then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("unexpected") end
  io.write(string.format("UNEXPECTED %%d\\n", total))
end
"""

GET = """
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer %(token)s"
local paths = %(paths)s
function request()
  return wrk.format(nil, paths[math.random(#paths)])
end
"""

LOGIN = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local emails = %(emails)s
function request()
  local email = emails[math.random(#emails)]
  local body = '{"email": "' .. email .. '", "password": "%(password)s"}'
  return wrk.format(nil, "/api/v1/auth/login", nil, body)
end
"""

# A submitted custody visit with 10 detainees and 2 issues, under a fresh client UUID.
POST_VISIT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
local template = %(template)s
local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%%x", v)
  end))
end
function request()
  local body = string.gsub(template, "VISIT_ID", uuid())
  return wrk.format(nil, "/api/v1/visits", nil, body)
end
"""


def lua_list(values: list[str]) -> str:
    return "{" + ", ".join(json.dumps(value) for value in values) + "}"


def lua_string(value: str) -> str:
    """A Lua long string holding `value` as it is."""
    return "[==[" + value + "]==]"


def get_script(token: str, paths: list[str], max_requests: int) -> str:
    return PRELUDE % {"max_requests": max_requests} + GET % {
        "token": token,
        "paths": lua_list(paths),
    }


def login_script(emails: list[str], password: str, max_requests: int) -> str:
    return PRELUDE % {"max_requests": max_requests} + LOGIN % {
        "emails": lua_list(emails),
        "password": password,
    }


def post_visit_script(token: str, body: dict, max_requests: int) -> str:
    """`body` carries "VISIT_ID" where each request puts a new UUID."""
    return PRELUDE % {"max_requests": max_requests} + POST_VISIT % {
        "token": token,
        "template": lua_string(json.dumps(body)),
    }
