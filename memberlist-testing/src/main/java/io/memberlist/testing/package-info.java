/**
 * A deterministic simulated network for testing code built on memberlist: many real
 * {@link io.memberlist.core.Engine}s on one thread, in virtual time, with seeded faults.
 *
 * <pre>{@code
 * SimNetwork sim = SimNetwork.builder().seed(42)
 *         .latency(Duration.ofMillis(1), Duration.ofMillis(2)).loss(0.01).build();
 * MembershipInvariants inv = MembershipInvariants.install(sim);   // safety checks after every event
 * List<SimNode> nodes = new ArrayList<>();
 * for (int i = 0; i < 20; i++) {
 *     nodes.add(sim.addNode("n" + i, Config.lan().delegate(myDelegate)));
 * }
 * sim.joinAll(nodes.get(0));
 * assertTrue(sim.runUntil(SimNetwork::converged, Duration.ofSeconds(10)));
 * sim.crash(nodes.get(3));
 * sim.partition(nodes.subList(0, 10), nodes.subList(10, 20));
 * sim.runFor(Duration.ofSeconds(30));             // virtual: takes milliseconds of wall time
 * sim.heal();
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.memberlist.testing.SimNetwork}: nodes, faults (latency and jitter, loss,
 *       duplication, reordering, partitions, one-way and per-protocol cuts, pauses, slow receive,
 *       crash, restart), commands (join, leave, meta update), time ({@code runFor},
 *       {@code runUntil}, {@code schedule}), views, counters, the trace hash and readable trace
 *       (with the caller's own {@code note}s), observers, the kind of the running step (a
 *       node's own timer or an input) and packet taps;</li>
 *   <li>{@link io.memberlist.testing.SimNode}: one member's name, synthetic address
 *       ({@code 10.x.y.z:7946}), status and engine; {@code act} runs any engine command;</li>
 *   <li>{@link io.memberlist.testing.MembershipInvariants}: SWIM safety properties checked as
 *       the run goes, and the log of death declarations;</li>
 *   <li>{@link io.memberlist.testing.ConvergenceTracker}: cheap convergence tracking for
 *       thousands of nodes (the experiments built on it live in memberlist-bench,
 *       {@code io.memberlist.bench.sim}).</li>
 * </ul>
 *
 * <p>Packets go through each node's real packet codec (label, CRC, compression, encryption) and
 * streams through the real stream codec unless {@code realFraming(false)} is chosen for speed.
 * Everything random derives from the seed; a failing run's exception names the seed and the
 * virtual time, and the same seed replays it event for event.
 */
package io.memberlist.testing;
