package io.memberlist.core;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.Metrics;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Compression;
import io.memberlist.codec.Crc;
import io.memberlist.codec.Message;
import io.memberlist.codec.MessageType;
import io.memberlist.codec.Messages;
import io.memberlist.codec.StreamCodec;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What the engine tests observe of a {@link SimNetwork} run: every datagram any node sends (seen
 * through the network's tap, with its framing undone back to the engine's payload), every stream
 * request (through the stream tap, decoded) and every observing event, per node. It has no queue, clock or network model of its own: the simulator
 * runs the production node; this only watches, and optionally drops datagrams ({@link #drop}).
 *
 * <p>Nodes here use a fixed one-way latency of 1 ms (no jitter), so a UDP round trip takes
 * exactly 2 ms and a stream exchange (connect, request, reply) 4 ms.
 */
final class SimRecorder {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;

    /**
     * One datagram as sent.
     *
     * @param datagram the bytes on the wire
     * @param payload the engine's payload: the datagram without CRC header and compression
     *     (a single message or a compound); the datagram itself if it cannot be unframed
     * @param crc whether the datagram carried a CRC header
     * @param leaves the payload's leaf messages, decoded (empty if it cannot be decoded)
     */
    record Sent(long at, String from, Endpoint to, String toNode, byte[] datagram, byte[] payload, boolean crc,
            List<Message> leaves) {
        /** The first (direct) message, or null. */
        Message first() {
            return leaves.isEmpty() ? null : leaves.get(0);
        }
    }

    /**
     * One stream request as its dialer wrote it.
     *
     * @param to the member dialed, or null when no host is at that address
     * @param message the request with its framing undone, or null if it cannot be decoded
     */
    record Request(long at, String from, String to, Message message) {}

    final SimNetwork sim;
    /** Every datagram sent so far (tests may clear it). */
    final List<Sent> sent = new ArrayList<>();
    /** Every stream request written so far (tests may clear it). */
    final List<Request> requests = new ArrayList<>();
    private final Map<String, List<MemberEvent>> events = new HashMap<>();
    /** Datagrams for which this holds are dropped at the sender (after being recorded). */
    Predicate<Sent> drop = x -> false;

    SimRecorder(SimNetwork sim) {
        this.sim = sim;
        sim.tap((now, from, to, toNode, datagram) -> {
            Sent x = unframe(now, from.name(), to, toNode, datagram);
            sent.add(x);
            return !drop.test(x);
        });
        sim.tapStreams((now, from, to, fromDialer, bytes) -> {
            if (fromDialer) {
                requests.add(new Request(now, from.name(), to == null ? null : to.name(), request(bytes)));
            }
        });
        sim.onEvent((node, e) -> events.computeIfAbsent(node.name(), k -> new ArrayList<>()).add(e));
    }

    /** Stream requests by {@code from} of type {@code type}, in order. */
    List<Request> requestsBy(String from, Class<?> type) {
        return requests.stream().filter(r -> r.from().equals(from) && type.isInstance(r.message())).toList();
    }

    /** A dialer's write: label header (none here), then the request, compressed or not. */
    private static Message request(byte[] bytes) {
        try {
            StreamCodec.Read r = new StreamCodec(CodecOptions.defaults()).tryDecode(bytes, 0, bytes.length, true);
            if (r instanceof StreamCodec.Message m) {
                return Messages.decodeStream(m.message(), 0, m.message().length).message();
            }
        } catch (CodecException e) {
            // not ours to judge: recorded without a message
        }
        return null;
    }

    /** A network with a 1 ms fixed latency, seeded. */
    static SimRecorder lan(long seed) {
        return new SimRecorder(SimNetwork.builder().seed(seed).latency(Duration.ofMillis(1), Duration.ZERO).build());
    }

    /**
     * A settled cluster of {@code size} members {@code n0..n<size-1>}: LAN preset without periodic
     * push/pull, then {@code cfg}; member {@code observer} reports to {@code metrics}, the others to
     * nobody. All join through {@code n0} at once, converge (within 10 s), and run 2 s more.
     */
    static SimRecorder settledCluster(long seed, int size, int observer, Metrics metrics,
            UnaryOperator<Config.Builder> cfg) {
        SimRecorder s = lan(seed);
        for (int i = 0; i < size; i++) {
            Metrics m = i == observer ? metrics : Metrics.NOOP;
            s.add("n" + i, cfg.apply(Config.lan().pushPullInterval(Duration.ZERO).metrics(m)));
        }
        s.joinAll("n0");
        if (!s.runUntil(s::converged, 10 * SEC)) {
            throw new AssertionError("the cluster of " + size + " did not converge in 10 s");
        }
        s.runFor(2 * SEC);
        return s;
    }

    SimNode add(String name) {
        return sim.addNode(name, Config.lan());
    }

    SimNode add(String name, Config.Builder cfg) {
        return sim.addNode(name, cfg);
    }

    SimNode node(String name) {
        return sim.node(name);
    }

    long now() {
        return sim.nowNanos();
    }

    void runFor(long nanos) {
        sim.runFor(Duration.ofNanos(nanos));
    }

    /** Runs until {@code done} holds (checked every 10 ms of virtual time) or {@code limit} passed. */
    boolean runUntil(BooleanSupplier done, long limit) {
        return sim.runUntil(s -> done.getAsBoolean(), Duration.ofNanos(limit), Duration.ofMillis(10));
    }

    /** Every node joins through {@code seed}, all at this instant; outcomes ignored. */
    void joinAll(String seed) {
        sim.joinAll(sim.node(seed));
    }

    /** {@link SimNetwork#converged()}: each running node sees every running node alive, no one else. */
    boolean converged() {
        return sim.converged();
    }

    /** The events node {@code name} handed to the application so far, in order. */
    List<MemberEvent> events(String name) {
        return events.computeIfAbsent(name, k -> new ArrayList<>());
    }

    static List<String> memberNames(SimNode n) {
        return n.engine().members().stream().map(m -> m.name()).sorted().toList();
    }

    /**
     * Hands {@code leaf} to {@code node}'s engine now, as if received from {@code from}: for
     * tests that need a sender address no simulated host has (the engine's effects still go
     * through the node onto the network).
     */
    static void inject(SimNode node, Endpoint from, byte[] leaf) {
        node.act((e, t) -> {
            e.onPacket(t, from, leaf);
            return null;
        });
    }

    /** Datagrams {@code from} sent at virtual time {@code at}. */
    List<Sent> sentAt(String from, long at) {
        return sent.stream().filter(x -> x.from().equals(from) && x.at() == at).toList();
    }

    /** Every leaf message sent by {@code from} of type {@code type}, in order. */
    List<Message> sentBy(String from, Class<?> type) {
        List<Message> out = new ArrayList<>();
        for (Sent x : sent) {
            if (x.from().equals(from)) {
                for (Message m : x.leaves()) {
                    if (type.isInstance(m)) {
                        out.add(m);
                    }
                }
            }
        }
        return out;
    }

    private static Sent unframe(long now, String from, Endpoint to, String toNode, byte[] datagram) {
        byte[] payload = datagram;
        boolean crc = false;
        List<Message> leaves = new ArrayList<>();
        try {
            if (Crc.isPresent(payload, 0, payload.length)) {
                payload = Crc.verifyAndStrip(payload, 0, payload.length);
                crc = true;
            }
            if (payload.length > 0 && (payload[0] & 0xff) == MessageType.COMPRESS) {
                payload = Compression.decompress(payload, 0, payload.length);
            }
            for (byte[] leaf : split(payload)) {
                leaves.add(Messages.decodePacket(leaf, 0, leaf.length));
            }
        } catch (CodecException | RuntimeException e) {
            leaves.clear(); // not ours to judge (e.g. a hostile datagram): recorded as is
        }
        return new Sent(now, from, to, toNode, datagram.clone(), payload, crc, List.copyOf(leaves));
    }

    /** The leaves of a payload: a compound's parts (recursively), or the payload itself. */
    static List<byte[]> split(byte[] payload) throws CodecException {
        List<byte[]> out = new ArrayList<>();
        if (payload.length > 0 && (payload[0] & 0xff) == MessageType.COMPOUND) {
            for (byte[] part : Compound.decode(payload, 0, payload.length).parts()) {
                out.addAll(split(part));
            }
        } else {
            out.add(payload);
        }
        return out;
    }
}
