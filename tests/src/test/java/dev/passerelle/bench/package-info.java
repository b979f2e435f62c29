/**
 * The benchmarks {@code scripts/bench} runs, each a main class in its own JVM that rewrites its own section of
 * BENCHMARKS.md beside a baseline measured in the same run: the router on H2 and PostgreSQL ({@link
 * dev.passerelle.bench.RouterBench}), memory and start-up of the distribution jar ({@link
 * dev.passerelle.bench.MemoryBench}), a backlog drained after an outage ({@link dev.passerelle.bench.BacklogBench})
 * and large rooms on ejabberd ({@link dev.passerelle.bench.GrowthBench}).
 */
package dev.passerelle.bench;
