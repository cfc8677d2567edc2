package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.Config;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.MessageType;
import io.memberlist.node.EngineSettingsFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A tiny in-test network for driving a few engines by hand in virtual time: packets and streams
 * are delivered after a fixed latency, compounds are split into leaves, streams carry real stream
 * encodings. Links can be cut per direction and per kind (UDP or TCP); nodes can crash.
 */
final class Shuttle {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;

    record Sent(long at, String from, Endpoint to, String toNode, byte[] payload, boolean crc) {}

    final class Node {
        final String name;
        final Endpoint endpoint;
        final Engine engine;
        final List<MemberEvent> events = new ArrayList<>();
        boolean crashed;

        Node(String name, Endpoint endpoint, Config config, long seed) {
            this.name = name;
            this.endpoint = endpoint;
            this.engine = new Engine(EngineSettingsFactory.from(config), endpoint, new SplittableRandom(seed), outbox(this), now);
        }

        List<String> memberNames() {
            return engine.members().stream().map(m -> m.name()).sorted().toList();
        }
    }

    private record Delivery(long at, long order, Runnable action) {}

    private final PriorityQueue<Delivery> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private long order;
    long now;
    long latency = MS;
    final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<Endpoint, Node> byEndpoint = new HashMap<>();
    final List<Sent> sent = new ArrayList<>();
    /** Every stream opened: "from>toNode:message type". */
    final List<String> streamsOpened = new ArrayList<>();
    /** Blocked directed UDP links "a>b". */
    final Set<String> udpCuts = new HashSet<>();
    /** Blocked directed TCP links "a>b". */
    final Set<String> tcpCuts = new HashSet<>();
    /** Probability that a datagram is lost (seeded, independent per datagram). */
    double loss;
    private final SplittableRandom lossRandom = new SplittableRandom(99);
    /** Optional filter: false drops the leaf. */
    Predicate<byte[]> leafFilter = leaf -> true;
    private long seedBase;

    Shuttle(long seed) {
        this.seedBase = seed;
    }

    static Config.Builder lan(String name) {
        return Config.lan().name(name).bindPort(7946);
    }

    Node add(Config config) {
        int i = nodes.size() + 1;
        Endpoint ep = new Endpoint(new byte[] {10, 0, 0, (byte) i}, 7946);
        Node n = new Node(config.name(), ep, config, seedBase * 1000 + i);
        nodes.put(n.name, n);
        byEndpoint.put(ep, n);
        return n;
    }

    Node add(String name) {
        return add(lan(name).build());
    }

    Node node(String name) {
        return nodes.get(name);
    }

    void startAll() {
        for (Node n : nodes.values()) {
            n.engine.start(now);
        }
    }

    void crash(String name) {
        Node n = nodes.get(name);
        n.crashed = true;
        n.engine.shutdown(now);
    }

    void cutUdp(String a, String b) {
        udpCuts.add(a + ">" + b);
        udpCuts.add(b + ">" + a);
    }

    void cutTcp(String a, String b) {
        tcpCuts.add(a + ">" + b);
        tcpCuts.add(b + ">" + a);
    }

    void at(long time, Runnable action) {
        queue.add(new Delivery(time, order++, action));
    }

    /** Runs until {@code until} (absolute) in virtual time. */
    void runUntil(long until) {
        while (true) {
            long next = Long.MAX_VALUE;
            Node due = null;
            for (Node n : nodes.values()) {
                if (n.crashed) {
                    continue;
                }
                long d = n.engine.nextDeadline();
                if (d < next) {
                    next = d;
                    due = n;
                }
            }
            Delivery head = queue.peek();
            if (head != null && head.at <= next) {
                if (head.at > until) {
                    break;
                }
                queue.poll();
                now = Math.max(now, head.at);
                head.action.run();
                continue;
            }
            if (due == null || next > until) {
                break;
            }
            now = Math.max(now, next);
            due.engine.onTimer(now);
        }
        now = Math.max(now, until);
    }

    void runFor(long duration) {
        runUntil(now + duration);
    }

    /** Runs until {@code done} holds (checked after each step window of 10 ms) or the limit. */
    boolean runUntil(java.util.function.BooleanSupplier done, long limit) {
        long end = now + limit;
        while (now < end) {
            if (done.getAsBoolean()) {
                return true;
            }
            runUntil(Math.min(end, now + 10 * MS));
        }
        return done.getAsBoolean();
    }

    boolean converged(int expected) {
        for (Node n : nodes.values()) {
            if (!n.crashed && n.engine.numMembers() != expected) {
                return false;
            }
        }
        return true;
    }

    private Outbox outbox(Node self) {
        return new Outbox() {
            @Override
            public void sendPacket(Endpoint to, String toNode, byte[] payload, boolean crc) {
                sent.add(new Sent(now, self.name, to, toNode, payload.clone(), crc));
                Node target = byEndpoint.get(to);
                if (target == null || udpCuts.contains(self.name + ">" + target.name)) {
                    return;
                }
                if (loss > 0 && lossRandom.nextDouble() < loss) {
                    return;
                }
                List<byte[]> leaves = new ArrayList<>();
                split(payload, leaves);
                Endpoint from = self.endpoint;
                at(now + latency, () -> {
                    if (target.crashed) {
                        return;
                    }
                    for (byte[] leaf : leaves) {
                        if (leafFilter.test(leaf)) {
                            target.engine.onPacket(now, from, leaf);
                        }
                    }
                });
            }

            @Override
            public void openStream(long streamId, Endpoint to, String toNode, Message message,
                    long deadline, boolean expectReply) {
                streamsOpened.add(self.name + ">" + to + ":" + message.type()
                        + (message instanceof io.memberlist.codec.PushPull p && p.join() ? "j" : ""));
                Node target = byEndpoint.get(to);
                if (target == null || target.crashed) {
                    at(now + latency, () -> self.engine.onStreamFailed(now, streamId, "connection refused"));
                    return;
                }
                if (tcpCuts.contains(self.name + ">" + target.name)) {
                    at(deadline, () -> self.engine.onStreamFailed(now, streamId, "i/o timeout"));
                    return;
                }
                Message wired = roundTrip(message);
                Endpoint from = self.endpoint;
                at(now + latency, () -> {
                    if (target.crashed) {
                        self.engine.onStreamFailed(now, streamId, "connection reset");
                        return;
                    }
                    Message reply = target.engine.onStreamMessage(now, from, wired);
                    Message wiredReply = reply == null ? null : roundTrip(reply);
                    at(now + latency, () -> {
                        if (!expectReply) {
                            self.engine.onStreamReply(now, streamId, null);
                        } else if (wiredReply == null) {
                            self.engine.onStreamFailed(now, streamId, "EOF");
                        } else {
                            self.engine.onStreamReply(now, streamId, wiredReply);
                        }
                    });
                });
            }

            @Override
            public void event(MemberEvent e) {
                self.events.add(e);
            }
        };
    }

    static Message roundTrip(Message m) {
        byte[] bytes = Messages.encodeStream(m);
        try {
            Messages.Decoded d = Messages.decodeStream(bytes, 0, bytes.length);
            return d.message();
        } catch (CodecException e) {
            throw new AssertionError("stream encoding does not round-trip: " + m, e);
        }
    }

    static void split(byte[] payload, List<byte[]> out) {
        if (payload.length > 0 && (payload[0] & 0xFF) == MessageType.COMPOUND) {
            try {
                for (byte[] part : Compound.decode(payload, 0, payload.length).parts()) {
                    split(part, out);
                }
            } catch (CodecException e) {
                throw new AssertionError("bad compound", e);
            }
        } else {
            out.add(payload);
        }
    }

    static Message decode(byte[] leaf) {
        try {
            return Messages.decodePacket(leaf, 0, leaf.length);
        } catch (CodecException e) {
            throw new AssertionError(e);
        }
    }

    /** Every leaf message sent so far, decoded, with its sender. */
    List<Map.Entry<Sent, Message>> sentMessages() {
        List<Map.Entry<Sent, Message>> out = new ArrayList<>();
        for (Sent s : sent) {
            List<byte[]> leaves = new ArrayList<>();
            split(s.payload(), leaves);
            for (byte[] leaf : leaves) {
                out.add(Map.entry(s, decode(leaf)));
            }
        }
        return out;
    }
}
