package io.memberlist.interop;

import io.memberlist.Broadcast;
import io.memberlist.BroadcastQueue;
import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.EventListener;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.Memberlist;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** A Java node for interop tests: records messages, remote states and member events. */
final class JNode implements AutoCloseable {
    /**
     * Loopback, local preset; push/pull every 3 s so periodic state exchange shows up quickly; one
     * join attempt per address, as Go (the tests that expect a refused join get it at once).
     */
    static Config.Builder config(String name) {
        return Config.local().name(name).bindAddr("127.0.0.1").bindPort(0).joinTimeout(Duration.ZERO)
                .pushPullInterval(Duration.ofSeconds(3));
    }

    record RemoteState(String state, boolean join) {}

    /** A received user state by size and SHA-256 (large states are not kept as text). */
    record StateDigest(int length, String sha256, boolean join) {}

    final String name;
    final Memberlist ml;
    private final String bindAddr;
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<RemoteState> remoteStates = new CopyOnWriteArrayList<>();
    final List<StateDigest> remoteStateDigests = new CopyOnWriteArrayList<>();
    /** Last state seen in an event per member: ALIVE on join, DEAD or LEFT on leave, LEFT on a late leave. */
    final Map<String, MemberState> eventState = new ConcurrentHashMap<>();
    final Map<String, String> eventMeta = new ConcurrentHashMap<>();
    final List<String> leaves = new CopyOnWriteArrayList<>();
    private final Set<String> aliveByEvents = ConcurrentHashMap.newKeySet();
    private final BroadcastQueue queue;
    volatile String meta;
    volatile String state;
    /** When set, the user state sent instead of {@link #state}. */
    volatile byte[] rawState;

    private JNode(String name, String meta, String state, UnaryOperator<Config.Builder> tweak) throws IOException {
        this.name = name;
        this.meta = meta;
        this.state = state;
        Config.Builder b = config(name);
        b = tweak.apply(b);
        this.queue = new BroadcastQueue(() -> Math.max(1, aliveByEvents.size()), 2);
        Delegate d = new Delegate() {
            @Override
            public byte[] nodeMeta(int limit) {
                return JNode.this.meta.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public void notifyMessage(byte[] message) {
                messages.add(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public List<byte[]> getBroadcasts(int overhead, int limit) {
                synchronized (queue) {
                    return queue.getBroadcasts(overhead, limit);
                }
            }

            @Override
            public byte[] localState(boolean join) {
                byte[] raw = rawState;
                return raw != null ? raw : JNode.this.state.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public void mergeRemoteState(byte[] s, boolean join) {
                remoteStateDigests.add(new StateDigest(s.length, sha256(s), join));
                if (s.length <= 4096) {
                    remoteStates.add(new RemoteState(new String(s, StandardCharsets.UTF_8), join));
                }
            }
        };
        EventListener ev = new EventListener() {
            @Override
            public void notifyJoin(Member m) {
                aliveByEvents.add(m.name());
                eventState.put(m.name(), MemberState.ALIVE);
                eventMeta.put(m.name(), new String(m.meta(), StandardCharsets.UTF_8));
            }

            @Override
            public void notifyLeave(Member m) {
                aliveByEvents.remove(m.name());
                eventState.put(m.name(), m.state());
                leaves.add(m.name() + ":" + m.state());
            }

            @Override
            public void notifyLateLeave(Member m) {
                eventState.put(m.name(), m.state());
                leaves.add(m.name() + ":late:" + m.state());
            }

            @Override
            public void notifyUpdate(Member m) {
                eventMeta.put(m.name(), new String(m.meta(), StandardCharsets.UTF_8));
            }
        };
        Config cfg = b.delegate(d).events(ev).build();
        this.bindAddr = cfg.bindAddr();
        this.ml = Memberlist.create(cfg);
    }

    static JNode start(String name) throws IOException {
        return start(name, b -> b);
    }

    static JNode start(String name, UnaryOperator<Config.Builder> tweak) throws IOException {
        return new JNode(name, "meta-" + name, "state-" + name, tweak);
    }

    static JNode start(String name, String meta, UnaryOperator<Config.Builder> tweak) throws IOException {
        return new JNode(name, meta, "state-" + name, tweak);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test content both sides generate (same formula as gopeer's patternBytes). */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + i / 251);
        }
        return b;
    }

    String address() {
        return bindAddr + ":" + ml.port();
    }

    Set<String> aliveNames() {
        return ml.members().stream().filter(m -> m.state() == MemberState.ALIVE).map(Member::name)
                .collect(Collectors.toSet());
    }

    Set<String> memberNames() {
        return ml.members().stream().map(Member::name).collect(Collectors.toSet());
    }

    String metaOf(String member) {
        return ml.members().stream().filter(m -> m.name().equals(member)).findFirst()
                .map(m -> new String(m.meta(), StandardCharsets.UTF_8)).orElse(null);
    }

    void broadcast(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        synchronized (queue) {
            queue.queue(new Broadcast() {
                @Override
                public byte[] message() {
                    return b;
                }
            });
        }
    }

    boolean received(String text) {
        return messages.contains(text);
    }

    @Override
    public void close() {
        ml.close();
    }

    @Override
    public String toString() {
        return name + "@" + address();
    }
}
