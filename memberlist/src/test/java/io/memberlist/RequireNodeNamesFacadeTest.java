package io.memberlist;

import static io.memberlist.MemberlistTestSupport.addr;
import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 3, through the facade on loopback: join addresses {@code name/host:port} keep
 * their name (Go's form for {@code RequireNodeNames}), {@code /host:port} is refused as in Go,
 * and with {@code requireNodeNames} an unnamed join or send fails with Go's reason.
 */
class RequireNodeNamesFacadeTest {

    @Test
    void namedJoinWorksUnnamedIsRefused() throws Exception {
        try (Memberlist a = Memberlist.create(local("a").build());
                Memberlist b = Memberlist.create(local("b").requireNodeNames(true).build())) {
            assertThatThrownBy(() -> b.join(addr(a)))
                    .isInstanceOf(JoinException.class)
                    .satisfies(e -> assertThat(((JoinException) e).failures().values())
                            .singleElement().asString().contains("node names are required"));
            assertThat(b.numMembers()).isEqualTo(1);

            assertThat(b.join("a/" + addr(a))).isEqualTo(1);
            assertThat(b.numMembers()).isEqualTo(2);
        }
    }

    @Test
    void emptyNameIsRefusedAsInGo() throws Exception {
        try (Memberlist a = Memberlist.create(local("a").build());
                Memberlist b = Memberlist.create(local("b").build())) {
            assertThatThrownBy(() -> b.join("/" + addr(a)))
                    .isInstanceOf(JoinException.class)
                    .satisfies(e -> assertThat(((JoinException) e).failures())
                            .containsOnlyKeys("/" + addr(a))
                            .allSatisfy((k, v) -> assertThat(v).contains("empty node name")));
            assertThat(b.join("a/" + addr(a))).isEqualTo(1);
        }
    }

    @Test
    void unnamedSendsToAnAddressAreRefused() throws Exception {
        try (Memberlist a = Memberlist.create(local("a").build());
                Memberlist b = Memberlist.create(local("b").requireNodeNames(true).build())) {
            assertThatThrownBy(() -> b.sendToAddress("", a.advertiseAddress(), new byte[] {1}))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("node names are required");
            assertThatThrownBy(() -> b.sendReliableToAddress("", a.advertiseAddress(), new byte[] {1}))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("node names are required");
        }
    }
}
