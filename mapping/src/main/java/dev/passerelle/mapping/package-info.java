/**
 * The JDBC store: {@link dev.passerelle.mapping.JdbcStore} implements the core's store ports over an
 * embedded H2 database or PostgreSQL, with Flyway migrations ({@code db/migration}) that run unchanged on
 * both, a HikariCP pool and Caffeine read-through caches for the lookups on the hot path.
 */
package dev.passerelle.mapping;
