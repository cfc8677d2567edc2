package io.memberlist;

import static io.memberlist.MemberlistTestSupport.awaitAllSee;
import static io.memberlist.MemberlistTestSupport.closeAll;
import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Joining through a DNS name with many address records joins every member behind it, as Go does
 * (and as a Kubernetes headless Service, one record per pod, needs). The JVM's hosts-file resolver
 * stands in for DNS: {@code src/test/resources/dns/hosts} gives {@code seeds.memberlist.test} four
 * loopback addresses. The property has to be set when the JVM starts, so this test runs in a JVM
 * of its own: the {@code dns-join} execution of the surefire plugin (memberlist/pom.xml).
 */
@EnabledIfSystemProperty(named = "jdk.net.hosts.file", matches = ".*dns/hosts",
        disabledReason = "needs -Djdk.net.hosts.file=.../dns/hosts at JVM start: runs in surefire's dns-join execution")
class DnsJoinTest {
    private static final String NAME = "seeds.memberlist.test";
    private static final List<String> SEED_IPS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");

    @Test
    void theNameResolvesToEveryRecord() throws Exception {
        assertThat(InetAddress.getAllByName(NAME)).extracting(InetAddress::getHostAddress)
                .containsExactlyInAnyOrderElementsOf(SEED_IPS);
        Map<String, String> errors = new LinkedHashMap<>();
        Map<Endpoint, JoinAddresses.Target> resolved = JoinAddresses.resolve(List.of(NAME + ":7946"), 1, errors);
        assertThat(errors).isEmpty();
        assertThat(resolved).hasSize(SEED_IPS.size());
        assertThat(resolved.values()).allMatch(t -> t.raw().equals(NAME + ":7946"));
    }

    @Test
    void joiningTheNameJoinsEveryMemberBehindIt() throws Exception {
        List<Memberlist> nodes = new ArrayList<>();
        try {
            List<Memberlist> seeds = startSeedsOnOnePort();
            nodes.addAll(seeds);
            int port = seeds.get(0).port();
            // The seeds have never met: only a join that reaches every address can introduce them.
            Memberlist joiner = Memberlist.create(local("joiner").build());
            nodes.add(joiner);

            assertThat(joiner.join(NAME + ":" + port)).isEqualTo(SEED_IPS.size());
            awaitAllSee(nodes, SEED_IPS.size() + 1);
            assertThat(joiner.members()).extracting(Member::name)
                    .containsExactlyInAnyOrder("seed-0", "seed-1", "seed-2", "seed-3", "joiner");
        } finally {
            closeAll(nodes);
        }
    }

    /**
     * One member on each seed address, all on one port (the name carries one port for all of them):
     * the first picks a free port, the others take the same one on their own address. Another
     * program holding that port on one of those addresses is unlikely; if it happens, try another.
     */
    private static List<Memberlist> startSeedsOnOnePort() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            List<Memberlist> seeds = new ArrayList<>();
            try {
                seeds.add(Memberlist.create(local("seed-0").bindAddr(SEED_IPS.get(0)).build()));
                int port = seeds.get(0).port();
                for (int i = 1; i < SEED_IPS.size(); i++) {
                    seeds.add(Memberlist.create(local("seed-" + i).bindAddr(SEED_IPS.get(i)).bindPort(port).build()));
                }
                return seeds;
            } catch (IOException e) {
                closeAll(seeds);
                last = e;
            }
        }
        throw last;
    }
}
