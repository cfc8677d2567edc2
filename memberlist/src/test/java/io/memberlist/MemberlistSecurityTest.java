package io.memberlist;

import static io.memberlist.MemberlistTestSupport.WAIT;
import static io.memberlist.MemberlistTestSupport.addr;
import static io.memberlist.MemberlistTestSupport.aliveNames;
import static io.memberlist.MemberlistTestSupport.awaitAllSee;
import static io.memberlist.MemberlistTestSupport.closeAll;
import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Keyring;
import io.memberlist.codec.PacketCodec;
import io.memberlist.transport.EventLoopGroup;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Encryption, labels, key rotation, hostile input and user messages over real sockets. */
class MemberlistSecurityTest {
    private static final byte[] K1 = bytes(16, 1);
    private static final byte[] K2 = bytes(32, 2);
    private static final byte[] K3 = bytes(16, 3);

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void sameKeyJoinsWrongKeyIsNotAdmitted() throws Exception {
        try (Memberlist a = Memberlist.create(local("a").secretKey(K1).build());
                Memberlist b = Memberlist.create(local("b").secretKey(K1).build());
                Memberlist evil = Memberlist.create(local("evil").secretKey(K3).build());
                Memberlist plain = Memberlist.create(local("plain").build())) {
            assertThat(b.join(addr(a))).isEqualTo(1);
            await().atMost(WAIT).until(() -> aliveNames(a).equals(Set.of("a", "b")));
            assertThatThrownBy(() -> evil.join(addr(a))).isInstanceOf(JoinException.class);
            assertThatThrownBy(() -> plain.join(addr(a))).isInstanceOf(JoinException.class);
            assertThat(aliveNames(a)).containsExactlyInAnyOrder("a", "b");
            assertThat(evil.numMembers()).isEqualTo(1);
        }
    }

    @Test
    void differentLabelsDoNotMerge() throws Exception {
        try (Memberlist a = Memberlist.create(local("a").label("blue").build());
                Memberlist b = Memberlist.create(local("b").label("blue").build());
                Memberlist c = Memberlist.create(local("c").label("green").build());
                Memberlist d = Memberlist.create(local("d").build())) {
            assertThat(b.join(addr(a))).isEqualTo(1);
            assertThatThrownBy(() -> c.join(addr(a))).isInstanceOf(JoinException.class);
            assertThatThrownBy(() -> d.join(addr(a))).isInstanceOf(JoinException.class);
            assertThatThrownBy(() -> a.join(addr(d))).isInstanceOf(JoinException.class);
            await().atMost(WAIT).until(() -> aliveNames(a).equals(Set.of("a", "b")));
            assertThat(c.numMembers()).isEqualTo(1);
            assertThat(d.numMembers()).isEqualTo(1);
        }
    }

    @Test
    void keyRotationInFlightLosesNoMember() throws Exception {
        List<Memberlist> nodes = new ArrayList<>();
        try (EventLoopGroup group = new EventLoopGroup()) {
            try {
                for (int i = 0; i < 4; i++) {
                    nodes.add(Memberlist.create(local("k" + i).secretKey(K1).build(), group));
                }
                for (int i = 1; i < 4; i++) {
                    nodes.get(i).join(addr(nodes.get(0)));
                }
                awaitAllSee(nodes, 4);
                List<Integer> sizes = new CopyOnWriteArrayList<>();
                // Step 1: everyone learns K2 (still sending with K1).
                for (Memberlist m : nodes) {
                    m.keyring().addKey(K2);
                }
                sample(nodes, sizes);
                // Step 2: everyone switches to K2, one by one; K1 still decrypts stragglers.
                for (Memberlist m : nodes) {
                    m.keyring().useKey(K2);
                    sample(nodes, sizes);
                }
                // Step 3: K1 retired.
                for (Memberlist m : nodes) {
                    m.keyring().removeKey(K1);
                }
                for (int i = 0; i < 10; i++) {
                    sample(nodes, sizes);
                }
                assertThat(sizes).containsOnly(4);
                for (Memberlist m : nodes) {
                    assertThat(m.keyring().keys()).hasSize(1);
                    assertThat(m.keyring().primaryKey()).hasValueSatisfying(k -> assertThat(k).isEqualTo(K2));
                }
                // A node that only knows K1 can no longer get in.
                try (Memberlist old = Memberlist.create(local("old").secretKey(K1).build(), group)) {
                    assertThatThrownBy(() -> old.join(addr(nodes.get(0)))).isInstanceOf(JoinException.class);
                }
            } finally {
                closeAll(nodes);
            }
        }
    }

    /** Lets the protocol run for a few probe rounds and records every node's member count. */
    private static void sample(List<Memberlist> nodes, List<Integer> sizes) throws InterruptedException {
        Thread.sleep(300);
        for (Memberlist m : nodes) {
            sizes.add(m.numMembers());
        }
    }

    @Test
    void hostileDatagramsAndStreamsAreDroppedAndTheNodeKeepsWorking() throws Exception {
        java.util.Map<String, Long> counted = new java.util.concurrent.ConcurrentHashMap<>();
        Metrics counting = new Metrics() {
            @Override
            public void counter(String name, long delta) {
                counted.merge(name, delta, Long::sum);
            }

            @Override
            public void gauge(String name, double value) {}

            @Override
            public void sample(String name, double value) {}

            @Override
            public void timer(String name, long nanos) {}
        };
        try (Memberlist a = Memberlist.create(local("a").secretKey(K1).metrics(counting).build());
                Memberlist b = Memberlist.create(local("b").secretKey(K1).build());
                DatagramChannel attacker = DatagramChannel.open()) {
            b.join(addr(a));
            await().atMost(WAIT).until(() -> aliveNames(a).equals(Set.of("a", "b")));
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", a.port());
            Random rnd = new Random(42);
            PacketCodec wrongKey = new PacketCodec(CodecOptions.builder().keyring(Keyring.of(K3)).build());
            PacketCodec noKey = new PacketCodec(CodecOptions.defaults());
            byte[] ping = io.memberlist.codec.Messages.encode(
                    new io.memberlist.codec.Ping(1, "a", new byte[] {127, 0, 0, 1}, 9, "x"));
            for (int i = 0; i < 300; i++) {
                byte[] junk;
                switch (i % 6) {
                    case 0 -> junk = new byte[0];
                    case 1 -> {
                        junk = new byte[1 + rnd.nextInt(1400)];
                        rnd.nextBytes(junk);
                    }
                    case 2 -> junk = wrongKey.encode(ping, false, new SecureRandom());
                    case 3 -> junk = noKey.encode(ping, true, new SecureRandom());
                    case 4 -> {
                        byte[] ok = wrongKey.encode(ping, false, new SecureRandom());
                        junk = java.util.Arrays.copyOf(ok, rnd.nextInt(ok.length));
                    }
                    default -> junk = new byte[] {(byte) 244, 0};
                }
                attacker.send(ByteBuffer.wrap(junk), target);
            }
            // Garbage streams: random bytes, a huge declared length, a truncated label.
            for (byte[] s : List.of(bytes(100, 7), new byte[] {10, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                    new byte[] {(byte) 244, 9, 'x'})) {
                try (Socket sock = new Socket("127.0.0.1", a.port())) {
                    OutputStream o = sock.getOutputStream();
                    o.write(s);
                    o.flush();
                }
            }
            // the same refusals reach the metrics interface (our names; Go only logs them)
            await().atMost(WAIT).until(() -> counted.getOrDefault("memberlist.packet.malformed", 0L) >= 200
                    && counted.getOrDefault("memberlist.stream.malformed", 0L) >= 2);
            // Still healthy: b stays alive, new members can join, pings work.
            try (Memberlist c = Memberlist.create(local("c").secretKey(K1).build())) {
                assertThat(c.join(addr(a))).isEqualTo(1);
                await().atMost(WAIT).until(() -> aliveNames(a).equals(Set.of("a", "b", "c")));
                assertThat(a.ping("c", c.advertiseAddress())).isPositive();
            }
        }
    }

    @Test
    void userMessagesAreDelivered() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        Delegate d = new Delegate() {
            @Override
            public void notifyMessage(byte[] message) {
                got.add(new String(message, java.nio.charset.StandardCharsets.UTF_8));
            }
        };
        try (Memberlist a = Memberlist.create(local("a").build());
                Memberlist b = Memberlist.create(local("b").delegate(d).build())) {
            a.join(addr(b));
            await().atMost(WAIT).until(() -> aliveNames(a).contains("b"));
            a.sendReliable("b", "reliable-1".getBytes());
            a.sendReliableAsync("b", "reliable-2".getBytes()).get();
            byte[] big = new byte[200_000];
            java.util.Arrays.fill(big, (byte) 'z');
            a.sendReliable("b", big);
            await().atMost(WAIT).until(() -> got.containsAll(List.of("reliable-1", "reliable-2"))
                    && got.stream().anyMatch(s -> s.length() == 200_000));
            // Best effort is UDP: resend until one arrives.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertThat(a.sendBestEffort("b", "udp".getBytes())).isTrue();
                return got.contains("udp");
            });
            assertThat(a.sendBestEffort("nobody", new byte[] {1})).isFalse();
            assertThatThrownBy(() -> a.sendReliable("nobody", new byte[] {1}))
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
