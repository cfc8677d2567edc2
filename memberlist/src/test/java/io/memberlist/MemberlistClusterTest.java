package io.memberlist;

import static io.memberlist.MemberlistTestSupport.WAIT;
import static io.memberlist.MemberlistTestSupport.addr;
import static io.memberlist.MemberlistTestSupport.aliveNames;
import static io.memberlist.MemberlistTestSupport.awaitAllSee;
import static io.memberlist.MemberlistTestSupport.closeAll;
import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memberlist.transport.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemberlistClusterTest {

    /** Records, per observer, the last state each other member was reported to leave in. */
    static final class Departures implements EventListener {
        final Map<String, MemberState> left = new ConcurrentHashMap<>();
        final Map<String, Boolean> joined = new ConcurrentHashMap<>();

        @Override
        public void notifyJoin(Member m) {
            joined.put(m.name(), true);
            left.remove(m.name());
        }

        @Override
        public void notifyLeave(Member m) {
            left.put(m.name(), m.state());
        }
    }

    /**
     * The local preset with room for a loaded machine: the whole cluster shares two loop threads
     * (and the CPU with the build), so a 200 ms probe timeout would see false suspicions.
     */
    private static Config relaxed(String name) {
        return Config.local().name(name).bindAddr("127.0.0.1").bindPort(0)
                .tcpTimeout(Duration.ofSeconds(5))
                .pushPullInterval(Duration.ofSeconds(3))
                .probeTimeout(Duration.ofMillis(500))
                .build();
    }

    @Test
    void fiftyNodesOnASharedLoopGroupConverge() throws Exception {
        List<Memberlist> nodes = new ArrayList<>();
        try (EventLoopGroup group = new EventLoopGroup()) {
            try {
                for (int i = 0; i < 50; i++) {
                    nodes.add(Memberlist.create(relaxed("n" + i), group));
                }
                for (int i = 1; i < 5; i++) {
                    assertThat(nodes.get(i).join(addr(nodes.get(0)))).isEqualTo(1);
                }
                // The other 45 join at once, spread over the first five.
                List<CompletableFuture<Integer>> joins = new ArrayList<>();
                for (int i = 5; i < 50; i++) {
                    joins.add(nodes.get(i).joinAsync(addr(nodes.get(i % 5))));
                }
                for (CompletableFuture<Integer> j : joins) {
                    assertThat(j.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
                }
                awaitAllSee(nodes, 50);
            } finally {
                closeAll(nodes);
            }
        }
    }

    /**
     * A meta update replaced by another, then by the leave, finishes the earlier broadcasts inside
     * the command: the engine then asks for a timer "at once" (Long.MIN_VALUE), which the runtime
     * must not read as "never" (it did: every timer of the loop stalled and leave hung).
     */
    @Test
    void backToBackUpdatesAndLeaveComplete() throws Exception {
        List<Memberlist> nodes = new ArrayList<>();
        try (EventLoopGroup group = new EventLoopGroup()) {
            try {
                for (int i = 0; i < 3; i++) {
                    nodes.add(Memberlist.create(relaxed("u" + i), group));
                }
                for (int i = 1; i < 3; i++) {
                    nodes.get(i).join(addr(nodes.get(0)));
                }
                awaitAllSee(nodes, 3);
                Memberlist m = nodes.get(2);
                CompletableFuture<Void> first = m.updateNodeAsync(Duration.ofSeconds(5));
                CompletableFuture<Void> second = m.updateNodeAsync(Duration.ofSeconds(5));
                CompletableFuture<Void> leave = m.leaveAsync(Duration.ofSeconds(5));
                CompletableFuture.allOf(first, second, leave).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                m.shutdown();
                awaitAllSee(nodes.subList(0, 2), 2);
            } finally {
                closeAll(nodes);
            }
        }
    }

    @Test
    void crashIsDetectedAsDeadAndLeaveAsLeft() throws Exception {
        List<Memberlist> nodes = new ArrayList<>();
        List<Departures> seen = new ArrayList<>();
        try (EventLoopGroup group = new EventLoopGroup()) {
            try {
                for (int i = 0; i < 5; i++) {
                    Departures d = new Departures();
                    seen.add(d);
                    nodes.add(Memberlist.create(local("c" + i).events(d).build(), group));
                }
                for (int i = 1; i < 5; i++) {
                    nodes.get(i).join(addr(nodes.get(0)));
                }
                awaitAllSee(nodes, 5);

                // c4 crashes: its sockets close with no goodbye.
                nodes.get(4).shutdown();
                List<Memberlist> rest = nodes.subList(0, 4);
                awaitAllSee(rest, 4);
                await().atMost(WAIT).until(() -> seen.subList(0, 4).stream()
                        .allMatch(d -> d.left.get("c4") == MemberState.DEAD));

                // c3 leaves gracefully.
                nodes.get(3).leave(Duration.ofSeconds(5));
                nodes.get(3).shutdown();
                List<Memberlist> rest2 = nodes.subList(0, 3);
                awaitAllSee(rest2, 3);
                await().atMost(WAIT).until(() -> seen.subList(0, 3).stream()
                        .allMatch(d -> d.left.get("c3") == MemberState.LEFT));
                for (Memberlist m : rest2) {
                    assertThat(aliveNames(m)).containsExactlyInAnyOrder("c0", "c1", "c2");
                }
            } finally {
                closeAll(nodes);
            }
        }
    }

    @Test
    void nodeWhoseLoopStopsIsDetectedAsDead() throws Exception {
        List<Memberlist> nodes = new ArrayList<>();
        Departures d0 = new Departures();
        try (EventLoopGroup shared = new EventLoopGroup(1)) {
            EventLoopGroup doomed = new EventLoopGroup(1);
            try {
                nodes.add(Memberlist.create(local("s0").events(d0).build(), shared));
                nodes.add(Memberlist.create(local("s1").build(), shared));
                Memberlist victim = Memberlist.create(local("s2").build(), doomed);
                nodes.add(victim);
                victim.join(addr(nodes.get(0)));
                nodes.get(1).join(addr(nodes.get(0)));
                awaitAllSee(nodes, 3);
                doomed.close(); // the thread is gone: a hung process, sockets still open
                awaitAllSee(nodes.subList(0, 2), 2);
                await().atMost(WAIT).until(() -> d0.left.get("s2") == MemberState.DEAD);
            } finally {
                closeAll(nodes);
                doomed.close();
            }
        }
    }
}
