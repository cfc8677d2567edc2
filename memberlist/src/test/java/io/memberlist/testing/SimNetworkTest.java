package io.memberlist.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
