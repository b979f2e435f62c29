-- Prosody 0.12: what Passerelle needs from the XMPP server it bridges.
--
-- Include this file from the GLOBAL section of prosody.cfg.lua, before the first VirtualHost:
--
--     Include "/etc/prosody/passerelle.cfg.lua"
--
-- Edit the four site values below, or set the environment variables named beside them in the server's
-- environment (scripts/test runs this very file that way). Every Component below uses Prosody's
-- `Component "name" { options }` form, which returns to the global section afterwards, so an Include
-- placed before the VirtualHosts keeps their options where they belong.

local domain = ENV_PASSERELLE_XMPP_DOMAIN or "localhost"                  -- where your users live
local gateway_domain = ENV_PASSERELLE_GATEWAY_DOMAIN or ("gw." .. domain)   -- Passerelle's component
local gateway_secret = ENV_PASSERELLE_GATEWAY_SECRET or "change-me"         -- shared with Passerelle's config
local http_upload_url = ENV_PASSERELLE_HTTP_UPLOAD_URL                       -- nil: Prosody's own http:// URL

-- Global: Nagle's algorithm delays small writes by tens of milliseconds; a gateway sends many small stanzas.
network_settings = { nagle = false }

-- The gateway: an external component (XEP-0114). Passerelle connects to component_ports (5347 by default)
-- and authenticates with this secret. Keep component_interfaces on loopback, or on a private network.
Component (gateway_domain) {
  component_secret = gateway_secret;
}

-- Group chats. Passerelle's ghosts (users@gateway_domain) create rooms here for bridged chats, so room
-- creation is open to every JID (Prosody has no per-domain rule; "local" would refuse the ghosts).
-- Rooms keep a message archive (XEP-0313) by default: Passerelle reads stanza ids and history from it.
Component ("conference." .. domain) "muc" {
  modules_enabled = { "muc_mam" };
  restrict_room_creation = false;
  muc_log_by_default = true;
  muc_log_expires_after = "1w";
  -- Many bridged rooms are live at once: keep more of them in memory than the default 100.
  muc_room_cache_size = 1000;
  max_archive_query_results = 100;
}

-- File upload (XEP-0363) through mod_http_file_share. An access list replaces the default (every host
-- of this server), so it names both the local users' domain and the gateway, which uploads media on
-- behalf of every remote user; the quotas are sized for a whole bridge rather than for one person (the
-- defaults are 10 MiB a file and 100 MiB a day per uploader).
Component ("upload." .. domain) "http_file_share" {
  http_file_share_access = { domain, gateway_domain };
  http_file_share_size_limit = 100 * 1024 * 1024;       -- 100 MiB a file
  http_file_share_daily_quota = 10 * 1024 * 1024 * 1024; -- 10 GiB a day per uploader (the gateway is one)
  http_file_share_expires_after = 7 * 86400;
  http_external_url = http_upload_url;
}
