package io.memberlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BroadcastQueueTest {

    static final class Named implements NamedBroadcast {
        final String name;
        final byte[] msg;
        final List<String> finished;

        Named(String name, String msg, List<String> finished) {
            this.name = name;
            this.msg = msg.getBytes(StandardCharsets.UTF_8);
            this.finished = finished;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public byte[] message() {
            return msg;
        }

        @Override
        public void finished() {
            finished.add(new String(msg, StandardCharsets.UTF_8));
        }
    }

    /** Invalidates queued plain broadcasts whose message starts with the same first character. */
    static final class Plain implements Broadcast {
        final byte[] msg;
        final List<String> finished;

        Plain(String msg, List<String> finished) {
            this.msg = msg.getBytes(StandardCharsets.UTF_8);
            this.finished = finished;
        }

        @Override
        public byte[] message() {
            return msg;
        }

        @Override
        public boolean invalidates(Broadcast other) {
            return other.message()[0] == msg[0];
        }

        @Override
        public void finished() {
            finished.add(new String(msg, StandardCharsets.UTF_8));
        }
    }

    static final class Unique implements UniqueBroadcast {
        final byte[] msg;

        Unique(String msg) {
            this.msg = msg.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] message() {
            return msg;
        }

        @Override
        public boolean invalidates(Broadcast other) {
            return true;
        }
    }

    private static List<String> strings(List<byte[]> msgs) {
        List<String> out = new ArrayList<>();
        for (byte[] m : msgs) {
            out.add(new String(m, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void ordersByTransmitsThenLengthDescThenNewest() {
        List<String> fin = new ArrayList<>();
        BroadcastQueue q = new BroadcastQueue(() -> 10, 4);
        q.queue(new Named("a", "aa", fin));
        q.queue(new Named("b", "bbbb", fin));
        q.queue(new Named("c", "cc", fin));
        q.queue(new Named("d", "d", fin));
        assertThat(strings(q.getBroadcasts(0, 1000))).containsExactly("bbbb", "cc", "aa", "d");
        q.queue(new Named("e", "e", fin));
        // e has 0 transmits: first, then the once-sent ones in the same order as before.
        assertThat(strings(q.getBroadcasts(0, 1000))).containsExactly("e", "bbbb", "cc", "aa", "d");
    }

    @Test
    void namedBroadcastReplacesSameNameAndFinishesIt() {
        List<String> fin = new ArrayList<>();
        BroadcastQueue q = new BroadcastQueue(() -> 10, 4);
        q.queue(new Named("n1", "old", fin));
        q.queue(new Named("n1", "new", fin));
        assertThat(fin).containsExactly("old");
        assertThat(q.numQueued()).isEqualTo(1);
        assertThat(strings(q.getBroadcasts(0, 100))).containsExactly("new");
    }

    @Test
    void plainBroadcastsInvalidateByPredicateButNeverNamedOrUnique() {
        List<String> fin = new ArrayList<>();
        BroadcastQueue q = new BroadcastQueue(() -> 10, 4);
        q.queue(new Named("x", "x-named", fin));
        q.queue(new Unique("x-unique"));
        q.queue(new Plain("x-plain-1", fin));
        q.queue(new Plain("y-plain", fin));
        q.queue(new Plain("x-plain-2", fin));
        assertThat(fin).containsExactly("x-plain-1");
        assertThat(q.numQueued()).isEqualTo(4);
        q.queue(new Unique("z"));
        assertThat(q.numQueued()).isEqualTo(5);
    }

    @Test
    void respectsByteBudgetWithOverheadAndRetransmitLimit() {
        List<String> fin = new ArrayList<>();
        // N = 1 -> limit = 2 * ceil(log10(2)) = 2 transmissions
        BroadcastQueue q = new BroadcastQueue(() -> 1, 2);
        q.queue(new Named("a", "aaaaa", fin));
        q.queue(new Named("b", "bbb", fin));
        q.queue(new Named("c", "cc", fin));
        // budget 10 with overhead 2: aaaaa (7) fits, then free = 10-7-2 = 1: nothing else.
        assertThat(strings(q.getBroadcasts(2, 10))).containsExactly("aaaaa");
        // then bbb (5 used), free = 10-5-2 = 3: cc (2) fits.
        assertThat(strings(q.getBroadcasts(2, 10))).containsExactly("bbb", "cc");
        assertThat(strings(q.getBroadcasts(2, 100))).containsExactly("aaaaa", "bbb", "cc");
        assertThat(fin).containsExactly("aaaaa", "bbb", "cc");
        assertThat(q.numQueued()).isZero();
        assertThat(q.getBroadcasts(2, 100)).isEmpty();
    }

    @Test
    void retransmitLimitFollowsCurrentClusterSize() {
        int[] n = {1};
        BroadcastQueue q = new BroadcastQueue(() -> n[0], 4);
        q.queue(new Named("a", "a", new ArrayList<>()));
        for (int i = 0; i < 3; i++) {
            assertThat(q.getBroadcasts(0, 100)).hasSize(1);
        }
        n[0] = 10; // limit 4 -> 8
        for (int i = 0; i < 5; i++) {
            assertThat(q.getBroadcasts(0, 100)).hasSize(1);
        }
        assertThat(q.getBroadcasts(0, 100)).isEmpty();
    }

    @Test
    void pruneDropsMostTransmittedSmallestOldestFirst() {
        List<String> fin = new ArrayList<>();
        BroadcastQueue q = new BroadcastQueue(() -> 100, 4);
        q.queue(new Named("a", "a1", fin));
        q.queue(new Named("b", "b22", fin));
        q.getBroadcasts(0, 1000); // both sent once
        q.queue(new Named("c", "c1", fin));
        q.queue(new Named("d", "d1", fin));
        q.prune(2);
        assertThat(fin).containsExactly("a1", "b22");
        assertThat(q.numQueued()).isEqualTo(2);
        q.prune(1);
        assertThat(fin).containsExactly("a1", "b22", "c1");
        q.reset();
        assertThat(fin).containsExactly("a1", "b22", "c1", "d1");
        assertThat(q.numQueued()).isZero();
    }

    @Test
    void countLimitedVariantStopsAtMaxCount() {
        BroadcastQueue q = new BroadcastQueue(() -> 10, 4);
        for (int i = 0; i < 10; i++) {
            q.queue(new Named("n" + i, "m" + i, new ArrayList<>()));
        }
        assertThat(q.getBroadcasts(0, 1000, 3)).hasSize(3);
        assertThat(q.numQueued()).isEqualTo(10);
    }
    @Test
    void skippedNamedBroadcastIsNeitherSentNorCounted() {
        List<String> finished = new ArrayList<>();
        BroadcastQueue q = new BroadcastQueue(() -> 1, 1); // limit 1: each one sent once
        q.queue(new Named("self", "mine", finished));
        q.queue(new Named("other", "theirs", finished));
        List<String> got = new ArrayList<>();
        for (byte[] b : q.getBroadcasts(2, 1000, Integer.MAX_VALUE, "self")) {
            got.add(new String(b, StandardCharsets.UTF_8));
        }
        assertThat(got).containsExactly("theirs");
        assertThat(finished).containsExactly("theirs");
        assertThat(q.numQueued()).isEqualTo(1);
        // It stayed queued with its count; skipping an unknown name changes nothing.
        assertThat(q.getBroadcasts(2, 1000, Integer.MAX_VALUE, "nobody")).hasSize(1);
        assertThat(finished).containsExactly("theirs", "mine");
        assertThat(q.numQueued()).isZero();
    }
}
