package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Compression;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PacketCodec;
import io.memberlist.codec.Ping;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A command, not a test: the issue 9 engine rows as figures (what {@link HostileInputTest}
 * asserts), using only API older builds also have, so that the same run can be repeated against
 * them:
 *
 * <pre>
 * java -cp memberlist/target/test-classes:memberlist/target/classes:$(cat cp.txt) \
 *     io.memberlist.core.HostileBench
 * </pre>
 */
public final class HostileBench {
    private HostileBench() {}

    static final Endpoint ATTACKER = new Endpoint(new byte[] {10, 6, 6, 6}, 40000);
    static final Endpoint VICTIM = new Endpoint(new byte[] {10, 9, 9, 9}, 7946);
    static final PacketCodec CODEC = new PacketCodec(CodecOptions.defaults());

    public static void main(String[] args) {
        reflection();
        indirectReflection();
        flood();
        forgedAlive();
        hugeName();
    }

    static void receive(Shuttle s, Shuttle.Node node, byte[] datagram) {
        try {
            for (byte[] leaf : CODEC.decode(datagram, datagram.length).messages()) {
                node.engine.onPacket(s.now, ATTACKER, leaf);
            }
        } catch (CodecException e) {
            // dropped whole
        }
    }

    static void reflection() {
        Shuttle s = new Shuttle(3);
        Shuttle.Node a = s.add("a");
        Shuttle.Node b = s.add("b");
        Shuttle.Node c = s.add("c");
        s.startAll();
        b.engine.join(s.now, List.of(a.endpoint), (n, e) -> { });
        c.engine.join(s.now, List.of(a.endpoint), (n, e) -> { });
        s.runUntil(() -> s.converged(3), 5 * Shuttle.SEC);
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
        receive(s, a, datagram);
        s.runFor(5 * Shuttle.SEC);
        System.out.printf("reflection: one %d-byte datagram of %d pings -> %d packets (%d bytes) to the"
                + " victim%n", datagram.length, 150 * 127, count(s, VICTIM), bytes(s, VICTIM));
    }

    static void indirectReflection() {
        Shuttle s = new Shuttle(3);
        Shuttle.Node a = s.add("a");
        s.startAll();
        s.sent.clear();
        byte[] req = Messages.encode(new io.memberlist.codec.IndirectPingReq(1, VICTIM.ip(), VICTIM.port(),
                "victim", false, ATTACKER.ip(), ATTACKER.port(), ""));
        List<byte[]> inner = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            inner.add(req);
        }
        List<byte[]> outer = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            outer.add(Compound.encode(inner));
        }
        byte[] datagram = Compression.compress(Compound.encode(outer));
        receive(s, a, datagram);
        s.runFor(5 * Shuttle.SEC);
        System.out.printf("indirect reflection: one %d-byte datagram of %d indirect pings -> %d packets"
                + " (%d bytes) to the victim%n", datagram.length, 150 * 40, count(s, VICTIM), bytes(s, VICTIM));
    }

    static void flood() {
        Shuttle s = new Shuttle(4);
        Shuttle.Node a = s.add("a");
        s.startAll();
        s.sent.clear();
        long in = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] d = Messages.encode(new Ping(i, "", VICTIM.ip(), VICTIM.port(), ""));
            in += d.length;
            receive(s, a, d);
            s.runFor(Shuttle.MS);
        }
        System.out.printf("ping flood: 2000 datagrams (%d bytes) in 2 s -> %d acks (%d bytes) to the victim%n",
                in, count(s, VICTIM), bytes(s, VICTIM));
    }

    static void forgedAlive() {
        Shuttle s = new Shuttle(1);
        Shuttle.Node a = s.add("a");
        Shuttle.Node b = s.add("b");
        s.startAll();
        receive(s, a, Messages.encode(new Alive(7, "phantom", new byte[] {10, 7, 7, 7}, 7946, null, null)));
        Object[] result = new Object[2];
        b.engine.join(s.now, List.of(a.endpoint), (n, e) -> {
            result[0] = n;
            result[1] = e;
        });
        s.runFor(100 * Shuttle.MS);
        System.out.printf("alive without Vsn: a stores it: %s; b joins a: joined=%s errors=%s%n",
                a.memberNames().contains("phantom"), result[0], result[1]);
    }

    static void hugeName() {
        Shuttle s = new Shuttle(2);
        Shuttle.Node a = s.add("a");
        s.startAll();
        receive(s, a, Messages.encode(new Alive(7, "n".repeat(65_000), new byte[] {10, 7, 7, 7}, 7946, null,
                Alive.vsn(1, 5, 2, 0, 0, 0))));
        receive(s, a, Messages.encode(new Alive(7, "fat", new byte[] {10, 7, 7, 8}, 7946, new byte[60_000],
                Alive.vsn(1, 5, 2, 0, 0, 0))));
        System.out.printf("65,000-byte name, 60,000-byte meta: members stored %d of 2%n", a.engine.numMembers() - 1);
    }

    private static int count(Shuttle s, Endpoint to) {
        return (int) s.sent.stream().filter(x -> x.to().equals(to)).count();
    }

    private static long bytes(Shuttle s, Endpoint to) {
        return s.sent.stream().filter(x -> x.to().equals(to))
                .mapToLong(x -> CODEC.encode(x.payload(), x.crc(), new SplittableRandom(0)).length).sum();
    }

}
