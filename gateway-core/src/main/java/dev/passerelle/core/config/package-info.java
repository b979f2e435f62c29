/**
 * The gateway's configuration: one YAML file read into validated records ({@link
 * dev.passerelle.core.config.GatewayConfig}), with typed access to any part of it ({@link
 * dev.passerelle.core.config.ConfigSection}) for connectors. A bad value stops start-up with a {@link
 * dev.passerelle.core.config.ConfigException} naming the key's dotted path.
 */
package dev.passerelle.core.config;
