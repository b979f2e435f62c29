/**
 * The admin HTTP API: health and readiness, Prometheus metrics, and provisioning of links, ghosts and
 * dead letters ({@link dev.passerelle.core.admin.AdminServer}). It reads and acts on the gateway through
 * {@link dev.passerelle.core.admin.AdminBackend}. Loopback by default; a bearer token guards it elsewhere.
 */
package dev.passerelle.core.admin;
