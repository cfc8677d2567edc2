package io.memberlist;

import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Create/close cycles leave no thread and no file descriptor behind. */
class MemberlistLeakTest {

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    private static int threads() {
        return Thread.getAllStackTraces().size();
    }

    @Test
    void thousandCreateCloseCyclesLeakNothing() throws Exception {
        // Warm up class loading and lazily created JDK resources (selector providers, DNS).
        for (int i = 0; i < 5; i++) {
            Memberlist.create(local("warm" + i).build()).close();
        }
        int fdsBefore = openFds();
        int threadsBefore = threads();
        for (int i = 0; i < 1000; i++) {
            Memberlist m = Memberlist.create(local("cycle" + i).build());
            if (i % 100 == 0) {
                m.numMembers(); // exercise a command round trip now and then
            }
            m.close();
        }
        // Threads of closed groups end asynchronously; allow a moment. Poll in this thread: a
        // poller thread would count as a leak.
        await().atMost(Duration.ofSeconds(20)).pollInSameThread().pollInterval(Duration.ofMillis(100))
                .until(() -> threads() <= threadsBefore && openFds() <= fdsBefore + 2);
        assertThat(threads()).isLessThanOrEqualTo(threadsBefore);
        if (fdsBefore >= 0) {
            assertThat(openFds()).isLessThanOrEqualTo(fdsBefore + 2);
        }
    }
}
