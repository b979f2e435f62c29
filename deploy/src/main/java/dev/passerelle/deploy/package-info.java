/**
 * The launcher: the {@code passerelle} command line ({@link dev.passerelle.deploy.Main}), the YAML config
 * file, and the wiring that starts the store, router, media service, connectors and admin listener in
 * order and stops them in reverse.
 */
package dev.passerelle.deploy;
