package io.memberlist.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.RecordingMetrics;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Ping;
import io.memberlist.core.MemberEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimNetworkTest {
    private static final long MS = 1_000_000L;

    private static ToyProcess toy(SimNode n) {
        return (ToyProcess) n.host;
    }

    private static SimNetwork net(long seed) {
        return SimNetwork.builder().seed(seed).latency(Duration.ofMillis(10), Duration.ofMillis(5)).build();
    }

    @Test
    void nodesGetSyntheticAddresses() {
        SimNetwork sim = net(1);
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        assertThat(a.endpoint().toString()).isEqualTo("10.0.0.1:7946");
        assertThat(b.endpoint().toString()).isEqualTo("10.0.0.2:7946");
        assertThat(SimNetwork.addressFor(999).toString()).isEqualTo("10.0.3.232:7946");
    }

    @Test
    void packetArrivesAfterLatencyPlusJitter() {
        SimNetwork sim = net(1);
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        toy(a).send(b, new byte[] {4, 1, 2});
        sim.runFor(Duration.ofMillis(10).minusNanos(1));
        assertThat(toy(b).packets).isEmpty();
        sim.runFor(Duration.ofMillis(5));
        assertThat(toy(b).packets).hasSize(1);
        assertThat(toy(b).packets.get(0).from()).isEqualTo(a.endpoint());
        assertThat(toy(b).packets.get(0).leaf()).containsExactly(4, 1, 2);
        assertThat(sim.stats().packetsDelivered()).isEqualTo(1);
    }

    @Test
    void lossDropsAboutTheConfiguredFraction() {
        SimNetwork sim = SimNetwork.builder().seed(7).loss(0.1).build();
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        for (int i = 0; i < 10_000; i++) {
            toy(a).send(b, new byte[] {4});
        }
        sim.runFor(Duration.ofSeconds(1));
        assertThat(sim.stats().droppedByLoss()).isBetween(900L, 1100L);
        assertThat(toy(b).packets).hasSize((int) (10_000 - sim.stats().droppedByLoss()));
    }

    @Test
    void duplicationDeliversExtraCopies() {
        SimNetwork sim = SimNetwork.builder().seed(7).duplication(0.5).build();
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        for (int i = 0; i < 1000; i++) {
            toy(a).send(b, new byte[] {4});
        }
        sim.runFor(Duration.ofSeconds(1));
        assertThat(toy(b).packets.size()).isEqualTo(1000 + (int) sim.stats().packetsDuplicated()).isBetween(1400, 1600);
    }

    @Test
    void partitionBlocksBothWaysCutOneWayHealRestores() {
        SimNetwork sim = net(1);
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        sim.partition(List.of(a), List.of(b));
        toy(a).send(b, new byte[] {4});
        toy(b).send(a, new byte[] {4});
        sim.runFor(Duration.ofSeconds(1));
        assertThat(toy(a).packets).isEmpty();
        assertThat(toy(b).packets).isEmpty();
        sim.heal();
        sim.cut(a, b);
        toy(a).send(b, new byte[] {4});
        toy(b).send(a, new byte[] {4});
        sim.runFor(Duration.ofSeconds(1));
        assertThat(toy(a).packets).hasSize(1);
        assertThat(toy(b).packets).isEmpty();
        sim.heal();
        toy(a).send(b, new byte[] {4});
        sim.runFor(Duration.ofSeconds(1));
        assertThat(toy(b).packets).hasSize(1);
        assertThat(sim.stats().droppedByCut()).isEqualTo(3);
    }

    @Test
    void packetInFlightWhenCutIsInstalledIsDropped() {
        SimNetwork sim = net(1);
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        toy(a).send(b, new byte[] {4});
        sim.runFor(Duration.ofMillis(5));
        sim.cut(a, b);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(toy(b).packets).isEmpty();
    }

    @Test
    void pausedNodeProcessesLateInArrivalOrderAndItsTimersFireLate() {
        SimNetwork sim = net(1);
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        toy(b).timers.add(500 * MS);
        sim.reschedule(b);
        sim.pause(b, Duration.ofSeconds(2));
        toy(a).send(b, new byte[] {4, 1});
        sim.runFor(Duration.ofMillis(100));
        toy(a).send(b, new byte[] {4, 2});
        sim.runFor(Duration.ofSeconds(2).minusMillis(100).minusNanos(1));
        assertThat(toy(b).packets).isEmpty();
        assertThat(toy(b).timerFires).isEmpty();
        assertThat(b.isPaused()).isTrue();
        sim.runFor(Duration.ofNanos(1));
        assertThat(toy(b).packets).extracting(g -> g.leaf()[1]).containsExactly((byte) 1, (byte) 2);
        assertThat(toy(b).packets).allMatch(g -> g.time() == 2000 * MS);
        assertThat(toy(b).timerFires).containsExactly(2000 * MS);
        assertThat(b.maxInboxSize()).isEqualTo(2);
    }

    @Test
    void pausedInboxIsBounded() {
        SimNetwork sim = SimNetwork.builder().inboxCapacity(10).build();
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        sim.pause(b, Duration.ofSeconds(1));
        for (int i = 0; i < 25; i++) {
            toy(a).send(b, new byte[] {4});
        }
        sim.runFor(Duration.ofSeconds(2));
        assertThat(toy(b).packets).hasSize(10);
        assertThat(sim.stats().droppedInboxFull()).isEqualTo(15);
    }

    @Test
    void crashedNodeDropsEverythingAndRestartGetsAFreshProcess() {
        SimNetwork sim = net(1);
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        toy(a).send(b, new byte[] {4});
        sim.crash(b);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(b.host).isNull();
        assertThat(sim.stats().droppedAtCrashedNode()).isEqualTo(1);
        toy(a).send(b, new byte[] {4});
        sim.revive(b, ToyProcess::new);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(toy(b).packets).isEmpty(); // sent before the restart, addressed to the old epoch
        toy(a).send(b, new byte[] {4});
        sim.runFor(Duration.ofSeconds(1));
        assertThat(toy(b).packets).hasSize(1);
        assertThat(b.restarts()).isEqualTo(1);
        assertThat(b.endpoint().toString()).isEqualTo("10.0.0.2:7946");
    }

    @Test
    void sameSeedSameTraceDifferentSeedDifferentTrace() {
        assertThat(chatter(42)).isEqualTo(chatter(42)).isNotEqualTo(chatter(43));
    }

    private static long chatter(long seed) {
        SimNetwork sim = SimNetwork.builder().seed(seed).latency(Duration.ofMillis(1), Duration.ofMillis(3))
                .loss(0.2).duplication(0.1).build();
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        for (int i = 0; i < 100; i++) {
            toy(a).send(b, new byte[] {4, (byte) i});
            toy(b).send(a, new byte[] {4, (byte) i});
        }
        sim.runFor(Duration.ofSeconds(1));
        return sim.traceHash();
    }

    @Test
    void observerRunsAfterEveryNthEvent() {
        SimNetwork sim = net(1);
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        int[] calls = {0};
        sim.observe(2, s -> calls[0]++);
        for (int i = 0; i < 10; i++) {
            toy(a).send(b, new byte[] {4});
        }
        sim.runFor(Duration.ofSeconds(1));
        assertThat(calls[0]).isEqualTo(5);
    }

    @Test
    void runUntilStopsWhenTheConditionHolds() {
        SimNetwork sim = SimNetwork.builder().latency(Duration.ofMillis(10), Duration.ZERO).build();
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        toy(a).send(b, new byte[] {4});
        boolean ok = sim.runUntil(s -> !toy(b).packets.isEmpty(), Duration.ofSeconds(5));
        assertThat(ok).isTrue();
        assertThat(sim.nowNanos()).isEqualTo(10 * MS);
        assertThat(sim.runUntil(s -> false, Duration.ofSeconds(1), Duration.ofMillis(100))).isFalse();
        assertThat(sim.nowNanos()).isEqualTo(1010 * MS);
    }

    @Test
    void slowNodeGetsInputsLateButTimersOnTime() {
        SimNetwork sim = SimNetwork.builder().latency(Duration.ofMillis(10), Duration.ZERO).build();
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        toy(b).timers.add(300 * MS);
        sim.reschedule(b);
        sim.slow(b, Duration.ofSeconds(2), Duration.ofSeconds(1));
        toy(a).send(b, new byte[] {4});
        sim.runFor(Duration.ofSeconds(5));
        assertThat(toy(b).timerFires).containsExactly(300 * MS);
        assertThat(toy(b).packets).extracting(ToyProcess.Got::time).containsExactly(2010 * MS);
    }

    // ---------------------------------------------------------------- streams, at byte level

    /** Fixed 10 ms one way: a connection is up after one round trip. */
    private static SimNetwork fixed() {
        return SimNetwork.builder().latency(Duration.ofMillis(10), Duration.ZERO).build();
    }

    @Test
    void streamRoundTripTakesTwoRoundTrips() {
        SimNetwork sim = fixed();
        SimNode a = sim.addNode("a", Config.lan());
        SimNode b = sim.addNode("b", Config.lan());
        List<Long> userMessageAt = new ArrayList<>();
        sim.onEvent((n, e) -> {
            if (n == b && e instanceof MemberEvent.UserMessageReceived) {
                userMessageAt.add(sim.nowNanos());
            }
        });
        // A push/pull: connect (one round trip), then the request one way and the reply back.
        SimCompletion<SimNetwork.JoinOutcome> join = sim.join(a, b);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(join.get().joined()).isEqualTo(1);
        assertThat(join.doneAtNanos()).isEqualTo(40 * MS);

        // A reliable message expects no reply: done once the connection is up and the bytes are
        // out (one round trip); the receiver has it one way later.
        long t0 = sim.nowNanos();
        long[] doneAt = {-1};
        String[] result = {"pending"};
        a.act((e, t) -> {
            e.sendReliable(t, "b", new byte[] {1, 2, 3}, r -> {
                result[0] = r;
                doneAt[0] = sim.nowNanos();
            });
            return null;
        });
        sim.runFor(Duration.ofSeconds(1));
        assertThat(result[0]).isNull();
        assertThat(doneAt[0] - t0).isEqualTo(20 * MS);
        assertThat(userMessageAt).containsExactly(t0 + 30 * MS);
        assertThat(a.node().streamStats().open()).isZero();
        assertThat(b.node().streamStats().open()).isZero();
    }

    @Test
    void streamToUnreachableCrashedOrUnknownHostEndsAtTheDialersDeadline() {
        SimNetwork sim = net(1);
        SimNode a = sim.addNode("a", Config.lan().tcpTimeout(Duration.ofMillis(300)));
        SimNode b = sim.addNode("b", Config.lan());
        SimNode c = sim.addNode("c", Config.lan());
        sim.cut(b, a); // one way is enough to break TCP
        sim.crash(c);
        SimCompletion<SimNetwork.JoinOutcome> toCut = sim.join(a, b);
        sim.runFor(Duration.ofMillis(100));
        SimCompletion<SimNetwork.JoinOutcome> toCrashed = sim.join(a, c);
        sim.runFor(Duration.ofMillis(100));
        Endpoint nowhere = new Endpoint(new byte[] {10, 9, 9, 9}, SimNetwork.PORT);
        SimCompletion<SimNetwork.JoinOutcome> toNowhere = new SimCompletion<>(sim);
        a.act((e, t) -> {
            e.join(t, List.of(nowhere), (n, errors) -> toNowhere.complete(new SimNetwork.JoinOutcome(n, errors)));
            return null;
        });
        sim.runFor(Duration.ofSeconds(2));
        assertThat(toCut.get().errors().get(b.endpoint())).contains("i/o timeout");
        assertThat(toCrashed.get().errors().get(c.endpoint())).contains("i/o timeout");
        assertThat(toNowhere.get().errors().get(nowhere)).contains("i/o timeout");
        assertThat(List.of(toCut.doneAtNanos(), toCrashed.doneAtNanos(), toNowhere.doneAtNanos()))
                .containsExactly(300 * MS, 400 * MS, 500 * MS);
        assertThat(a.node().streamStats().open()).isZero();
        assertThat(b.node().streamStats().open()).isZero(); // b never saw the connection
    }

    @Test
    void streamToPausedPeerTimesOutAndTheLateReplyIsIgnored() {
        SimNetwork sim = fixed();
        RecordingMetrics aMetrics = new RecordingMetrics();
        RecordingMetrics bMetrics = new RecordingMetrics();
        SimNode a = sim.addNode("a", Config.lan().tcpTimeout(Duration.ofMillis(500)).metrics(aMetrics));
        SimNode b = sim.addNode("b", Config.lan().metrics(bMetrics));
        SimCompletion<SimNetwork.JoinOutcome> join = sim.join(a, b);
        // b accepts at 10 ms; the request reaches it at 30 ms, while it is paused until 1,025 ms.
        sim.runFor(Duration.ofMillis(25));
        sim.pause(b, Duration.ofSeconds(1));
        sim.runFor(Duration.ofMillis(990)); // t = 1,015 ms
        assertThat(join.get().joined()).isZero();
        assertThat(join.get().errors().get(b.endpoint())).contains("i/o timeout");
        assertThat(join.doneAtNanos()).isEqualTo(500 * MS);
        long bytesBefore = sim.stats().streamBytes();
        assertThat((long) bMetrics.total("memberlist.tcp.sent")).isZero();
        // b wakes at 1,025 ms and answers: its reply reaches a at 1,035 ms.
        sim.runFor(Duration.ofMillis(50));
        assertThat(b.members()).extracting(m -> m.name()).contains("a"); // it merged a's state
        assertThat((long) bMetrics.total("memberlist.tcp.sent")).isPositive();
        assertThat(sim.stats().streamBytes()).isEqualTo(bytesBefore + (long) bMetrics.total("memberlist.tcp.sent"));
        // a ignored the reply: its push/pull ended once, as a failure (the completion would
        // throw if reported twice; a push/pull that got its reply counts a connection) and it
        // keeps no stream.
        assertThat(aMetrics.count("memberlist.pushPullNode")).isEqualTo(1);
        assertThat(aMetrics.count("memberlist.tcp.connect")).isZero();
        assertThat(a.node().streamStats().open()).isZero();
    }

    @Test
    void replyReadAfterTheDeadlineBySlowDialerIsATimeout() {
        SimNetwork sim = fixed();
        SimNode a = sim.addNode("a", Config.lan());
        SimNode b = sim.addNode("b", Config.lan().tcpTimeout(Duration.ofMillis(500)));
        sim.slow(b, Duration.ofSeconds(2), Duration.ofSeconds(1));
        SimCompletion<SimNetwork.JoinOutcome> join = sim.join(b, a);
        sim.runFor(Duration.ofSeconds(5));
        // b's timers run on time while its inputs wait 2 s: its deadline passes first.
        assertThat(join.get().errors().get(a.endpoint())).contains("i/o timeout");
        assertThat(join.doneAtNanos()).isEqualTo(500 * MS);
    }

    @Test
    void connectionToAHostThatRefusesEndsWithAReset() {
        SimNetwork sim = fixed();
        RawHost dialer = sim.addRawHost("x");
        RawHost listener = sim.addRawHost("y"); // a raw host only dials
        RawHost.RawStream s = dialer.connect(listener.node());
        sim.runFor(Duration.ofMillis(19));
        assertThat(s.ended()).isFalse();
        sim.runFor(Duration.ofMillis(1));
        assertThat(s.ended()).isTrue();
        assertThat(s.connected()).isFalse();
        assertThat(s.error()).isEqualTo("connection reset");
        assertThat(sim.stats().streamsRefused()).isEqualTo(1);
    }

    @Test
    void rawStreamGetsTheNodesAnswerPieceByPiece() {
        SimNetwork sim = SimNetwork.builder().latency(Duration.ofMillis(10), Duration.ZERO).streamChunk(1).build();
        SimNode a = sim.addNode("a", Config.lan().enableCompression(false));
        RawHost raw = sim.addRawHost("x");
        RawHost.RawStream s = raw.connect(a);
        byte[] ping = Messages.encodeStream(new Ping(7, "a", null, 0, ""));
        s.write(ping);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(s.connected()).isTrue();
        assertThat(s.ended()).isTrue(); // the node answered and closed
        assertThat(s.received()).isNotEmpty();
        assertThat(s.received()[0]).isEqualTo((byte) io.memberlist.codec.MessageType.ACK_RESP);
        // Each byte went as a separate input; the count is of bytes, whatever the pieces.
        assertThat(sim.stats().streamBytes()).isEqualTo(ping.length + s.received().length);
        assertThat(a.node().streamStats().parseWork()).isBetween((long) ping.length, 4L * ping.length);
    }

    @Test
    void cutPacketsBlocksOnlyDatagramsAndCutStreamsOnlyStreams() {
        SimNetwork sim = fixed();
        SimNode a = sim.addNode("a", Config.lan());
        RawHost x = sim.addRawHost("x");
        RawHost y = sim.addRawHost("y");
        sim.cutPackets(x.node(), a);
        sim.cutStreams(y.node(), a);
        byte[] ping = Messages.encode(new Ping(1, "a", null, 0, ""));
        x.sendDatagram(a, ping);
        y.sendDatagram(a, ping);
        RawHost.RawStream fromX = x.connect(a);
        RawHost.RawStream fromY = y.connect(a);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(x.datagrams()).isEmpty(); // the ping never arrived
        assertThat(y.datagrams()).hasSize(1); // the ack
        assertThat(fromX.connected()).isTrue();
        assertThat(fromY.connected()).isFalse();
        assertThat(sim.stats().droppedByCut()).isEqualTo(1);
    }

    @Test
    void tapSeesEveryDatagramAndMayDropIt() {
        SimNetwork sim = fixed();
        SimNode a = sim.addNode("a", Config.lan());
        RawHost x = sim.addRawHost("x");
        List<String> seen = new ArrayList<>();
        sim.tap((now, from, to, toNode, datagram) -> {
            seen.add(from.name() + ">" + to + ":" + datagram.length);
            return !from.name().equals("a"); // a's answers are dropped
        });
        byte[] ping = Messages.encode(new Ping(1, "a", null, 0, ""));
        x.sendDatagram(a, ping);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo("x>" + a.endpoint() + ":" + ping.length);
        assertThat(seen.get(1)).startsWith("a>" + x.node().endpoint());
        assertThat(x.datagrams()).isEmpty();
        assertThat(sim.stats().droppedByTap()).isEqualTo(1);
    }

    @Test
    void stepKindTellsTimersFromInputsAndNoteWritesTheTrace() {
        SimNetwork sim = SimNetwork.builder().seed(3).traceLines(10).build();
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        List<SimNetwork.StepKind> seen = new java.util.ArrayList<>();
        toy(a).onTimer = () -> seen.add(sim.stepKind());
        toy(a).timers.add(5 * MS);
        sim.reschedule(a);
        sim.schedule(Duration.ofMillis(1), () -> seen.add(sim.stepKind()));
        toy(b).send(a, new byte[] {4});
        assertThat(sim.pendingEvents()).isEqualTo(3);
        sim.runFor(Duration.ofMillis(10));
        assertThat(seen).containsExactly(SimNetwork.StepKind.ACTION, SimNetwork.StepKind.TIMER);
        assertThat(sim.stepKind()).isEqualTo(SimNetwork.StepKind.NONE);
        assertThat(sim.pendingEvents()).isZero();
        assertThat(sim.tracing()).isTrue();
        sim.note("hello");
        assertThat(sim.traceLines()).last().isEqualTo("10000000 - hello");
        SimNetwork quiet = net(3);
        quiet.note("dropped");
        assertThat(quiet.tracing()).isFalse();
        assertThat(quiet.traceLines()).isEmpty();
    }

    @Test
    void reorderingCanBeSwitchedOnDuringARun() {
        SimNetwork sim = SimNetwork.builder().seed(9).latency(Duration.ofMillis(1), Duration.ZERO).build();
        SimNode a = sim.addHostNode("a", ToyProcess::new);
        SimNode b = sim.addHostNode("b", ToyProcess::new);
        for (int i = 0; i < 100; i++) {
            toy(a).send(b, new byte[] {(byte) i});
        }
        sim.runFor(Duration.ofSeconds(1));
        assertThat(arrivalTimes(toy(b))).containsOnly(1 * MS);
        toy(b).packets.clear();
        sim.setReordering(1.0, Duration.ofMillis(50));
        long start = sim.nowNanos();
        for (int i = 0; i < 100; i++) {
            toy(a).send(b, new byte[] {(byte) i});
        }
        sim.runFor(Duration.ofSeconds(1));
        assertThat(toy(b).packets).hasSize(100);
        assertThat(arrivalTimes(toy(b)).stream().mapToLong(t -> t - start).max().getAsLong()).isGreaterThan(10 * MS);
        assertThat(toy(b).packets.get(0).leaf()[0]).isNotEqualTo((byte) 0); // some later packet overtook the first
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> sim.setReordering(1.5, Duration.ZERO));
    }

    private static java.util.Set<Long> arrivalTimes(ToyProcess p) {
        java.util.Set<Long> out = new java.util.TreeSet<>();
        for (ToyProcess.Got g : p.packets) {
            out.add(g.time());
        }
        return out;
    }
}
