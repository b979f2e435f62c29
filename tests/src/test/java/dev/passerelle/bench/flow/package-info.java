/**
 * The flow benchmarks: messages through a real Prosody, the Passerelle distribution jar and a fast homeserver stub,
 * at paced rates, measured at the receiver (loss, duplicates, latency), beside baselines measured in the same run
 * (Prosody alone client to client, Prosody's MUC, a pass-through XEP-0114 component). {@link FlowBench} is the
 * entry point of {@code scripts/bench}; it writes its sections of BENCHMARKS.md and a latency plot.
 */
package dev.passerelle.bench.flow;
