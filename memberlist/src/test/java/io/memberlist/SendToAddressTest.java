package io.memberlist;

import static io.memberlist.MemberlistTestSupport.WAIT;
import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 5: user messages to an address that is not a member (Go's
 * {@code SendToAddress}, and {@code SendReliable} with a node of the caller's making). The two
 * nodes never join each other. Real sockets on loopback.
 */
class SendToAddressTest {

    @Test
    void bestEffortAndReliableReachANodeOutsideTheCluster() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        Delegate inbox = new Delegate() {
            @Override
            public void notifyMessage(byte[] message) {
                received.add(new String(message, StandardCharsets.UTF_8));
            }
        };
        try (Memberlist a = Memberlist.create(local("a").build());
                Memberlist b = Memberlist.create(local("b").delegate(inbox).build())) {
            a.sendToAddress("", b.advertiseAddress(), "by udp".getBytes(StandardCharsets.UTF_8));
            a.sendReliableToAddress("b", b.advertiseAddress(), "by tcp".getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> received.size() == 2);
            assertThat(received).containsExactlyInAnyOrder("by udp", "by tcp");
            assertThat(a.numMembers()).isEqualTo(1);
            assertThat(b.numMembers()).isEqualTo(1);
        }
    }

    @Test
    void reliableSendToAClosedPortFails() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        try (Memberlist a = Memberlist.create(local("a").build())) {
            InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", free);
            assertThatThrownBy(() -> a.sendReliableToAddress("x", nowhere, new byte[] {1}))
                    .isInstanceOf(IOException.class);
            InetSocketAddress unresolved = InetSocketAddress.createUnresolved("no-such-host.invalid", 1);
            assertThatThrownBy(() -> a.sendToAddress("x", unresolved, new byte[] {1}))
                    .isInstanceOf(IOException.class).hasMessageContaining("unresolved");
        }
    }
}
