package io.memberlist.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile datagrams with exactly one fault each, so that a receiver that counts correctly counts
 * exactly one drop per datagram. Faults cycle through every layer (label, encryption, CRC,
 * decompression, limits, compound framing, message bodies, types); the details (which message,
 * where it is cut, which bytes) are random from a seed. Uses only API that predates the drop
 * reasons, so the same corpus can be replayed against an older build.
 */
public final class MalformedCorpus {
    private MalformedCorpus() {}

    /** Key of the encrypted receiver. */
    public static final byte[] KEY = TestBytes.hex("000102030405060708090a0b0c0d0e0f");

    /**
     * One hostile datagram.
     *
     * @param datagram the bytes
     * @param encrypted whether it is meant for the receiver with {@link #KEY} (else: no keys, no label)
     * @param reason the expected drop reason, as {@code DropReason.name()}
     */
    public record Sample(byte[] datagram, boolean encrypted, String reason) {}

    /** Number of fault kinds; sample {@code i} has kind {@code i % KINDS}. */
    public static final int KINDS = 16;

    public static List<Sample> generate(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sample(i % KINDS, r));
        }
        return out;
    }

    private static Sample sample(int kind, SplittableRandom r) {
        switch (kind) {
            case 0: { // a label we do not expect
                byte[] label = randomAscii(r, 1 + r.nextInt(20));
                return plain(Label.add(label, Messages.encode(ping(r))), "LABEL");
            }
            case 1: { // a label header cut short
                int size = 2 + r.nextInt(200);
                byte[] d = new byte[2 + r.nextInt(size)];
                d[0] = (byte) 0xf4;
                d[1] = (byte) size;
                return plain(d, "LABEL");
            }
            case 2: { // forged envelope: no key authenticates it
                byte[] d = randomBytes(r, 30 + r.nextInt(200));
                d[0] = 1; // encryption version 1
                return new Sample(d, true, "AUTH");
            }
            case 3: { // CRC mismatch
                byte[] d = Crc.add(Messages.encode(alive(r)));
                d[5 + r.nextInt(d.length - 5)] ^= (byte) (1 + r.nextInt(255));
                return plain(d, "CRC");
            }
            case 4: { // CRC header cut short
                byte[] d = randomBytes(r, 1 + r.nextInt(4));
                d[0] = (byte) MessageType.HAS_CRC;
                return plain(d, "CRC");
            }
            case 5: { // an LZW stream without its EOF code
                byte[] lzw = Lzw.compress(Messages.encode(alive(r)));
                return plain(compressMessage(Arrays.copyOf(lzw, lzw.length - 1), 0), "DECOMPRESS");
            }
            case 6: { // unknown compression algorithm
                byte[] lzw = Lzw.compress(Messages.encode(ping(r)));
                return plain(compressMessage(lzw, 1 + r.nextInt(255)), "DECOMPRESS");
            }
            case 7: // a decompression bomb: a little more than one datagram's worth
                return plain(LzwBomb.compressMessage(Limits.MAX_DATAGRAM + 1 + r.nextInt(1 << 20)), "OVER_LIMIT");
            case 8: { // a compound inside a compound
                byte[] inner = Compound.encode(List.of(Messages.encode(alive(r)), Messages.encode(dead(r))));
                return plain(Compound.encode(shuffle(r, Messages.encode(alive(r)), inner)), "OVER_LIMIT");
            }
            case 9: // two pings in one datagram (the first gets through)
                return plain(Compound.encode(List.of(Messages.encode(ping(r)), Messages.encode(alive(r)),
                        Messages.encode(ping(r)))), "OVER_LIMIT");
            case 10: // an empty datagram
                return plain(new byte[0], "MALFORMED");
            case 11: { // one empty compound part among good ones
                List<byte[]> parts = new ArrayList<>(List.of(Messages.encode(alive(r)), Messages.encode(dead(r))));
                parts.add(r.nextInt(parts.size() + 1), new byte[0]);
                return plain(compound(parts), "MALFORMED");
            }
            case 12: { // an alive whose Port is a string
                byte[] body = TestBytes.cat("04", 0x82, TestBytes.key("Node"), TestBytes.key("x"),
                        TestBytes.key("Port"), 0xa0 | 2, randomAscii(r, 2));
                return plain(Compound.encode(shuffle(r, Messages.encode(alive(r)), body)), "MALFORMED");
            }
            case 13: { // a message cut short inside its body
                byte[] m = Messages.encode(r.nextBoolean() ? alive(r) : ping(r));
                return plain(Compound.encode(shuffle(r, Messages.encode(dead(r)),
                        Arrays.copyOf(m, 1 + r.nextInt(m.length - 1)))), "TRUNCATED");
            }
            case 14: { // the last compound part declares more bytes than are left
                byte[] whole = Compound.encode(List.of(Messages.encode(alive(r)), Messages.encode(dead(r))));
                return plain(Arrays.copyOf(whole, whole.length - 1 - r.nextInt(3)), "TRUNCATED");
            }
            case 15: { // a type not valid in a packet
                int[] types = {6, 10, 12, 13, 14, 15, 16, 100, 243, 244, 255};
                byte[] m = randomBytes(r, 1 + r.nextInt(40));
                m[0] = (byte) types[r.nextInt(types.length)];
                return plain(Compound.encode(shuffle(r, Messages.encode(alive(r)), m)), "UNKNOWN_TYPE");
            }
            default:
                throw new IllegalArgumentException("kind " + kind);
        }
    }

    private static Sample plain(byte[] d, String reason) {
        return new Sample(d, false, reason);
    }

    private static Ping ping(SplittableRandom r) {
        return new Ping(r.nextInt(1 << 20), "n" + r.nextInt(100), new byte[] {10, 0, 0, (byte) r.nextInt(256)},
                7946, "src" + r.nextInt(100));
    }

    private static Alive alive(SplittableRandom r) {
        return new Alive(1 + r.nextInt(1000), "node-" + r.nextInt(1000),
                new byte[] {10, 0, (byte) r.nextInt(256), (byte) r.nextInt(256)}, 7946, null,
                Alive.vsn(1, 5, 2, 0, 0, 0));
    }

    private static Dead dead(SplittableRandom r) {
        return new Dead(1 + r.nextInt(1000), "node-" + r.nextInt(1000), "node-" + r.nextInt(1000));
    }

    /** A compound that may hold empty parts (which {@link Compound#encode} refuses). */
    private static byte[] compound(List<byte[]> parts) {
        int total = 2 + 2 * parts.size();
        for (byte[] p : parts) {
            total += p.length;
        }
        byte[] out = new byte[total];
        out[0] = (byte) MessageType.COMPOUND;
        out[1] = (byte) parts.size();
        int at = 2 + 2 * parts.size();
        for (int i = 0; i < parts.size(); i++) {
            byte[] p = parts.get(i);
            out[2 + 2 * i] = (byte) (p.length >>> 8);
            out[3 + 2 * i] = (byte) p.length;
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] compressMessage(byte[] lzw, int algo) {
        return TestBytes.cat("09", 0x82, TestBytes.key("Algo"), algo < 128 ? new byte[] {(byte) algo}
                : new byte[] {(byte) 0xcc, (byte) algo}, TestBytes.key("Buf"), 0xda, lzw.length >>> 8,
                lzw.length & 0xff, lzw);
    }

    private static List<byte[]> shuffle(SplittableRandom r, byte[] a, byte[] b) {
        return r.nextBoolean() ? List.of(a, b) : List.of(b, a);
    }

    private static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] randomAscii(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + r.nextInt(26));
        }
        return b;
    }
}
