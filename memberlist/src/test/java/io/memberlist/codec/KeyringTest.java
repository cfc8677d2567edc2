package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyringTest {
    private static byte[] key(int n, int fill) {
        byte[] k = new byte[n];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    private static final byte[] A = key(16, 1);
    private static final byte[] B = key(24, 2);
    private static final byte[] C = key(32, 3);

    @Test
    void newKeyringPutsPrimaryFirstAndIgnoresDuplicates() {
        Keyring ring = Keyring.of(List.of(A, B, C, B), C);
        assertThat(ring.keys()).containsExactly(C, A, B);
        assertThat(ring.primaryKey()).contains(C);
        assertThat(Keyring.of(List.of(), null).isEmpty()).isTrue();
        assertThatThrownBy(() -> Keyring.of(List.of(A), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primary");
    }

    @Test
    void keySizesAre16_24_32() {
        for (int n : new int[] {0, 1, 15, 17, 31, 33, 64}) {
            assertThatThrownBy(() -> Keyring.empty().addKey(new byte[n]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(n + " bytes").hasMessageContaining("16, 24 or 32");
        }
    }

    @Test
    void addUseRemove() {
        Keyring ring = Keyring.empty();
        assertThat(ring.primaryKey()).isEmpty();
        ring.addKey(A);
        assertThat(ring.primaryKey()).contains(A);
        ring.addKey(B);
        ring.addKey(C);
        ring.addKey(B);
        assertThat(ring.keys()).containsExactly(A, B, C);
        ring.useKey(C);
        assertThat(ring.keys()).containsExactly(C, A, B);
        assertThatThrownBy(() -> ring.useKey(key(16, 9))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.removeKey(C)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("primary");
        ring.removeKey(A);
        ring.removeKey(key(16, 9)); // absent: no error
        assertThat(ring.keys()).containsExactly(C, B);
        assertThat(ring.size()).isEqualTo(2);
    }

    @Test
    void removeFromEmptyRingIsAnErrorNotACrash() {
        assertThatThrownBy(() -> Keyring.empty().removeKey(A))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("empty");
    }

    @Test
    void copiesAreDefensive() {
        byte[] mine = A.clone();
        Keyring ring = Keyring.of(mine);
        mine[0] = 99;
        ring.keys().get(0)[1] = 99;
        ring.primaryKey().orElseThrow()[2] = 99;
        assertThat(ring.keys()).containsExactly(A);
        assertThat(ring.toString()).doesNotContain("1, 1");
    }

    @Test
    void concurrentWritersNeverLoseKeys() throws Exception {
        Keyring ring = Keyring.of(A);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<?> f1 = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 200; i++) {
                    ring.addKey(key(16, 10 + i));
                }
                return null;
            });
            Future<?> f2 = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 200; i++) {
                    ring.addKey(key(32, 10 + i));
                    assertThat(ring.primaryKey()).contains(A);
                }
                return null;
            });
            start.countDown();
            f1.get(10, TimeUnit.SECONDS);
            f2.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ring.size()).isEqualTo(401);
    }

    @Test
    void validateKeyIsGosRule() {
        for (int n : new int[] {16, 24, 32}) {
            Keyring.validateKey(new byte[n]);
        }
        for (int n : new int[] {0, 15, 17, 31, 33}) {
            assertThatThrownBy(() -> Keyring.validateKey(new byte[n]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(n + " bytes");
        }
        assertThatThrownBy(() -> Keyring.validateKey(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
