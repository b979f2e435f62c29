/**
 * The flow benchmarks: messages through a real Prosody, the Passerelle distribution jar and a fast homeserver stub,
 * at paced rates, measured at the receiver (loss, duplicates, latency), beside baselines measured in the same run
 * (Prosody alone client to client, Prosody's MUC, a pass-through XEP-0114 component). {@link FlowBench} is the
 * entry point of {@code scripts/bench}; it writes its sections of BENCHMARKS.md and a latency plot. {@link
 * LargeRooms} measures large rooms (a portal of 10,000 members, an ejabberd MUC with 1,000 ghosts) with the same
 * clients, stub and windows, for {@link dev.passerelle.bench.GrowthBench}.
 */
package dev.passerelle.bench.flow;
