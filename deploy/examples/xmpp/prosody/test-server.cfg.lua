-- Prosody 0.12 for Passerelle's integration tests: scripts/test (scripts/test-servers) runs this file as is.
-- Everything lives under PASSERELLE_TEST_DIR and listens on 127.0.0.1 only, on the ports given in the
-- environment; the gateway's own settings come from passerelle.cfg.lua, the file operators use.

local dir = assert(ENV_PASSERELLE_TEST_DIR, "set PASSERELLE_TEST_DIR")
local function port(name)
  return assert(tonumber(os.getenv(name)), "set " .. name .. " to a port number")
end

-- The test script may run as root (containers); the server then runs as root in its own directory.
run_as_root = true
pidfile = dir .. "/prosody.pid"
data_path = dir .. "/data"
certificates = dir .. "/certs"
log = { info = dir .. "/prosody.log" }

interfaces = { "127.0.0.1" }
c2s_ports = { port("PASSERELLE_TEST_C2S_PORT") }
component_interfaces = { "127.0.0.1" }
component_ports = { port("PASSERELLE_TEST_COMPONENT_PORT") }
http_interfaces = { "127.0.0.1" }
http_ports = { port("PASSERELLE_TEST_HTTP_PORT") }
https_ports = {}
-- Upload URLs name 127.0.0.1 (PASSERELLE_HTTP_UPLOAD_URL), not upload.localhost: requests for an unknown
-- Host go to the upload service.
http_default_host = "upload." .. (ENV_PASSERELLE_XMPP_DOMAIN or "localhost")

-- One server, no federation.
modules_disabled = { "s2s" }
modules_enabled = { "roster", "saslauth", "disco", "register", "mam", "ping", "time", "version" }
storage = "internal"
authentication = "internal_hashed"

-- Loopback only, no certificates: the tests' clients speak plain TCP.
c2s_require_encryption = false
allow_unencrypted_plain_auth = true

-- Tests create their users by in-band registration (XEP-0077), many from the same address in a burst.
allow_registration = true
min_seconds_between_registrations = 0
registration_throttle_max = 1000000

Include "passerelle.cfg.lua"

-- A second gateway component on the same server, for the benchmark that bridges XMPP to XMPP through two
-- Passerelle instances speaking MIMI to each other (each instance needs a component domain of its own).
Component ("gw2." .. (ENV_PASSERELLE_XMPP_DOMAIN or "localhost")) {
  component_secret = ENV_PASSERELLE_GATEWAY_SECRET;
}

VirtualHost (ENV_PASSERELLE_XMPP_DOMAIN or "localhost")
