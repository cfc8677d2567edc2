package io.memberlist.node;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the production node end to end, packet in → state: arbitrary datagrams, and arbitrary
 * stream byte sequences in arbitrary pieces (with accepts, EOFs, resets, joins and time passing),
 * through framing, limits, the handoff queues and the engine. {@link NodeHarness} checks after
 * every input that nothing throws, no limit is exceeded, parse work stays linear and one datagram
 * buys at most 2× its size towards non-members; {@code chunking} checks that the same stream bytes
 * whole or in any pieces have the same outcome. See FUZZING.md.
 */
class NodeFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void datagrams(byte[] script) {
        NodeHarness.run(script, NodeHarness.Ops.DATAGRAMS);
    }

    @FuzzTest(maxDuration = "60s")
    void streams(byte[] script) {
        NodeHarness.run(script, NodeHarness.Ops.STREAMS);
    }

    @FuzzTest(maxDuration = "60s")
    void chunking(byte[] input) {
        NodeHarness.chunking(input);
    }
}
