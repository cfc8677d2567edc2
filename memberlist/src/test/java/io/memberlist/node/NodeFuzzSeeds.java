package io.memberlist.node;

import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Dead;
import io.memberlist.codec.IndirectPingReq;
import io.memberlist.codec.Keyring;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PacketCodec;
import io.memberlist.codec.Ping;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
import io.memberlist.codec.StreamCodec;
import io.memberlist.codec.Suspect;
import io.memberlist.codec.UserMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the seed corpus of {@link NodeFuzzTest}: scripts in {@link NodeHarness}'s format made of
 * valid protocol traffic (so the fuzzer starts from inputs that reach the engine), framed for
 * each configuration. Run from the repository root:
 * {@code java -cp memberlist/target/test-classes:memberlist/target/classes:<deps> io.memberlist.node.NodeFuzzSeeds}.
 */
final class NodeFuzzSeeds {
    private static final Path DIR = Path.of("memberlist/src/test/resources/io/memberlist/node/NodeFuzzTestInputs");
    private static final byte[] VSN = Alive.vsn(1, 5, 2, 0, 0, 0);

    private NodeFuzzSeeds() {}

    /** The node's codec options for configuration {@code bits} (as {@link NodeHarness#config}). */
    static CodecOptions options(int bits) {
        return CodecOptions.builder().label((bits & 1) != 0 ? "lbl" : "")
                .keyring((bits & 2) != 0 ? Keyring.of(NodeHarness.KEY) : null)
                .verifyIncoming((bits & 4) == 0)
                .compression((bits & 8) == 0)
                .build();
    }

    /** A script under construction. */
    static final class Script {
        final int bits;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PacketCodec packets;
        final StreamCodec streams;
        final SplittableRandom nonces = new SplittableRandom(3);

        Script(int bits) {
            this.bits = bits;
            this.packets = new PacketCodec(options(bits));
            this.streams = new StreamCodec(options(bits));
            out.write(bits);
        }

        Script op(int op, int... operands) {
            out.write(op);
            for (int o : operands) {
                out.write(o);
            }
            return this;
        }

        Script u16(int n) {
            out.write(n >>> 8);
            out.write(n);
            return this;
        }

        /** A datagram from source {@code src} (op 0 in both targets' lists, 7 in streams). */
        Script datagram(int op, int src, Message... leaves) {
            byte[] payload;
            if (leaves.length == 1) {
                payload = Messages.encode(leaves[0]);
            } else {
                List<byte[]> parts = new ArrayList<>();
                for (Message m : leaves) {
                    parts.add(Messages.encode(m));
                }
                payload = Compound.encode(parts);
            }
            byte[] d = packets.encode(payload, true, nonces);
            op(op, src).u16(d.length);
            out.writeBytes(d);
            return this;
        }

        /** The framed stream bytes of {@code m} (label header first). */
        byte[] stream(Message m) {
            byte[] label = streams.labelHeader();
            byte[] body = streams.encodeMessage(Messages.encodeStream(m), nonces);
            byte[] all = java.util.Arrays.copyOf(label, label.length + body.length);
            System.arraycopy(body, 0, all, label.length, body.length);
            return all;
        }

        /** The framed stream bytes of a reply {@code m} (the dialer's side sends the label only). */
        byte[] reply(Message m) {
            return streams.encodeMessage(Messages.encodeStream(m), nonces);
        }

        /** Feeds {@code bytes} to stream slot {@code slot} in pieces of {@code piece} (op 1). */
        Script feed(int slot, byte[] bytes, int piece) {
            for (int i = 0; i < bytes.length; i += piece) {
                int n = Math.min(piece, bytes.length - i);
                op(1, slot).u16(n + 1);
                out.write(0); // the harness hands pieces at offset 1 of its buffer
                out.write(bytes, i, n);
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static Alive alive(String name, int ip, long inc) {
        return new Alive(inc, name, new byte[] {10, 0, 0, (byte) ip}, 7946, "m".getBytes(StandardCharsets.US_ASCII), VSN);
    }

    static PushPull pushPull(boolean join, int members) {
        List<PushNodeState> states = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            states.add(new PushNodeState("n" + i, new byte[] {10, 0, 0, (byte) (2 + i)}, 7946, new byte[0], 1,
                    PushNodeState.STATE_ALIVE, VSN));
        }
        return new PushPull(join, states, new byte[] {1, 2, 3});
    }

    public static void main(String[] args) throws IOException {
        Path d = DIR.resolve("datagrams");
        Path s = DIR.resolve("streams");
        Path ch = DIR.resolve("chunking");
        Files.createDirectories(d);
        Files.createDirectories(s);
        Files.createDirectories(ch);
        for (int bits : new int[] {0, 8, 1 | 2, 2 | 4}) {
            String tag = "cfg" + bits;
            // datagrams: op 0 datagram, 2 batch end, 3 advance
            write(d, tag + "-ping", new Script(bits).datagram(0, 0, Ping.of(1, "fuzz")).bytes());
            write(d, tag + "-members-then-ping", new Script(bits)
                    .datagram(0, 1, alive("n1", 3, 1), alive("n2", 4, 1), alive("n3", 5, 1))
                    .op(2).op(3, 10)
                    .datagram(0, 1, new Ping(2, "fuzz", new byte[] {10, 0, 0, 3}, 7946, "n1"))
                    .datagram(0, 0, new IndirectPingReq(3, new byte[] {10, 0, 0, 4}, 7946, "n2", true,
                            new byte[] {10, 0, 0, 2}, 7946, "x"))
                    .op(3, 100).bytes());
            write(d, tag + "-refute", new Script(bits)
                    .datagram(0, 1, alive("n1", 3, 1), alive("n2", 4, 1))
                    .datagram(0, 2, new Suspect(1, "fuzz", "n1"), new Dead(5, "n2", "n1"), new UserMessage(new byte[] {7}))
                    .op(3, 40).bytes());
            write(d, tag + "-indirect-stranger", new Script(bits)
                    .datagram(0, 4, new IndirectPingReq(9, new byte[] {10, 0, 0, 9}, 7946, "who", true,
                            new byte[] {10, 0, 0, 6}, 7946, "x")).bytes());
            // streams: op 0 accept, 1 bytes, 3 eof, 4 reset, 5 advance, 6 join, 7 datagram
            Script one = new Script(bits);
            byte[] pp = one.stream(pushPull(true, 3));
            write(s, tag + "-pushpull", one.op(0, 0).feed(0, pp, pp.length).bytes());
            Script bytewise = new Script(bits);
            byte[] pp2 = bytewise.stream(pushPull(false, 2));
            write(s, tag + "-pushpull-1byte", bytewise.op(0, 1).feed(0, pp2, 1).op(3, 0).bytes());
            Script user = new Script(bits);
            byte[] um = user.stream(new UserMessage("hello".getBytes(StandardCharsets.US_ASCII)));
            write(s, tag + "-user-7byte", user.op(0, 2).feed(0, um, 7).bytes());
            Script join = new Script(bits);
            join.op(6, 0).op(5, 1);
            byte[] reply = join.reply(pushPull(true, 2));
            write(s, tag + "-join-reply", join.feed(0, reply, 100).op(5, 60).bytes());
            Script idle = new Script(bits);
            for (int i = 0; i < 8; i++) {
                idle.op(0, i % 3);
            }
            byte[] pp3 = idle.stream(pushPull(false, 1));
            write(s, tag + "-idle-then-pushpull", idle.op(5, 50).op(0, 0).feed(8, pp3, 50).bytes());
            // chunking: bits, source, plan length - 1, plan (piece - 1 each), stream bytes
            Script c = new Script(bits);
            write(ch, tag + "-pushpull-1", chunked(bits, new int[] {1}, c.stream(pushPull(true, 3))));
            write(ch, tag + "-pushpull-7-100", chunked(bits, new int[] {7, 100}, c.stream(pushPull(false, 2))));
            write(ch, tag + "-user-3", chunked(bits, new int[] {3}, c.stream(new UserMessage(new byte[] {1, 2, 3}))));
            write(ch, tag + "-ping-2", chunked(bits, new int[] {2, 1}, c.stream(Ping.of(8, "fuzz"))));
            Script ping = new Script(bits);
            byte[] p = ping.stream(Ping.of(4, "fuzz"));
            write(s, tag + "-tcp-ping", ping.op(0, 1).feed(0, p, 3).op(7, 0).u16(0).bytes());
        }
    }

    private static byte[] chunked(int bits, int[] plan, byte[] stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bits);
        out.write(0);
        out.write(plan.length - 1);
        for (int p : plan) {
            out.write(p - 1);
        }
        out.writeBytes(stream);
        return out.toByteArray();
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }
}
