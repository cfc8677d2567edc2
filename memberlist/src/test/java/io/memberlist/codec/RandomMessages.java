package io.memberlist.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random messages for round-trip tests, biased towards the encoding boundaries: string
 * lengths around 31/32, 255/256 and 65535/65536, integers around 127/128, 255/256, 65535/65536
 * and 2^32-1, null versus empty byte strings, non-ASCII and supplementary characters.
 */
final class RandomMessages {
    private final Random rnd;
    private final boolean allowLarge;

    /**
     * @param allowLarge whether strings and byte strings may (rarely) exceed 65535 bytes and
     *     push/pulls may list up to 300 nodes; small messages keep prefix tests fast
     */
    RandomMessages(long seed, boolean allowLarge) {
        this.rnd = new Random(seed);
        this.allowLarge = allowLarge;
    }

    Random random() {
        return rnd;
    }

    /** Any packet leaf message (types 0, 1, 2, 3, 4, 5, 8, 11). */
    Message packetMessage() {
        switch (rnd.nextInt(8)) {
            case 0:
                return ping();
            case 1:
                return new IndirectPingReq(u32(), bytesOrNull(), u16(), string(), rnd.nextBoolean(),
                        bytesOrNull(), u16(), string());
            case 2:
                return new AckResp(u32(), bytesOrNull());
            case 3:
                return new Suspect(u32(), string(), string());
            case 4:
                return alive();
            case 5:
                return new Dead(u32(), string(), string());
            case 6:
                return new UserMessage(bytes());
            default:
                return new NackResp(u32());
        }
    }

    /** Any stream message (types 0, 2, 6, 8, 13). */
    Message streamMessage() {
        switch (rnd.nextInt(5)) {
            case 0:
                return ping();
            case 1:
                return new AckResp(u32(), bytesOrNull());
            case 2:
                return pushPull(allowLarge && rnd.nextInt(4) == 0 ? rnd.nextInt(300) : rnd.nextInt(5));
            case 3:
                return new UserMessage(bytes());
            default:
                return new ErrResp(string());
        }
    }

    Ping ping() {
        return new Ping(u32(), string(), bytesOrNull(), u16(), string());
    }

    Alive alive() {
        return new Alive(u32(), string(), bytesOrNull(), u16(), bytesOrNull(), bytesOrNull());
    }

    PushPull pushPull(int nodes) {
        List<PushNodeState> states = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            states.add(new PushNodeState(string(), bytesOrNull(), u16(), bytesOrNull(), u32(),
                    goIntState(), bytesOrNull()));
        }
        return new PushPull(rnd.nextBoolean(), states, bytesOrNull());
    }

    private int goIntState() {
        switch (rnd.nextInt(6)) {
            case 0:
                return rnd.nextInt();
            case 1:
                return -rnd.nextInt(300);
            case 2:
                return pick(127, 128, 255, 256, 32767, 32768, 65535, 65536, -32, -33, -128, -129,
                        -32768, -32769, Integer.MIN_VALUE, Integer.MAX_VALUE);
            default:
                return rnd.nextInt(4);
        }
    }

    long u32() {
        switch (rnd.nextInt(4)) {
            case 0:
                return rnd.nextInt(200);
            case 1:
                return pick(0, 127, 128, 255, 256, 65535, 65536, 0xFFFF_FFFFL, 0x7FFF_FFFFL,
                        0x8000_0000L);
            default:
                return rnd.nextLong() & 0xFFFF_FFFFL;
        }
    }

    int u16() {
        switch (rnd.nextInt(4)) {
            case 0:
                return 0;
            case 1:
                return (int) pick(1, 127, 128, 255, 256, 7946, 65535);
            default:
                return rnd.nextInt(65536);
        }
    }

    private long pick(long... values) {
        return values[rnd.nextInt(values.length)];
    }

    private int pick(int... values) {
        return values[rnd.nextInt(values.length)];
    }

    private int length() {
        switch (rnd.nextInt(10)) {
            case 0:
                return 0;
            case 1:
                return pick(31, 32, 255, 256);
            case 2:
                return allowLarge && rnd.nextInt(20) == 0 ? pick(65535, 65536, 70000) : rnd.nextInt(300);
            default:
                return rnd.nextInt(20);
        }
    }

    byte[] bytes() {
        byte[] b = new byte[length()];
        rnd.nextBytes(b);
        return b;
    }

    byte[] bytesOrNull() {
        return rnd.nextInt(4) == 0 ? null : bytes();
    }

    String string() {
        int n = length();
        StringBuilder sb = new StringBuilder(n);
        int alphabet = rnd.nextInt(4);
        while (sb.length() < n) {
            switch (alphabet) {
                case 0, 1 -> sb.append((char) ('a' + rnd.nextInt(26)));
                case 2 -> sb.append((char) (0x20 + rnd.nextInt(0x60)));
                default -> {
                    switch (rnd.nextInt(4)) {
                        case 0 -> sb.append('é');
                        case 1 -> sb.append('节');
                        case 2 -> sb.appendCodePoint(0x1F600 + rnd.nextInt(50));
                        default -> sb.append((char) ('a' + rnd.nextInt(26)));
                    }
                }
            }
        }
        return sb.toString();
    }
}
