package io.memberlist.spring.boot;

import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.Memberlist;
import java.util.List;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Actuator's view of the member ({@code /actuator/health/memberlist}): UP while it runs, DOWN once
 * it was shut down. Details: the member's name and address, how many members it sees alive and
 * suspect, and Lifeguard's health score (0 is healthy; higher means this node has been slow to
 * answer, so its own failure reports are trusted less).
 *
 * <p>Being alone is not DOWN: the first member of a cluster is alone until others join it.
 */
final class MemberlistHealthIndicator extends AbstractHealthIndicator {
    private final Memberlist memberlist;

    MemberlistHealthIndicator(Memberlist memberlist) {
        super("memberlist health check failed");
        this.memberlist = memberlist;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (memberlist.isShutdown()) {
            builder.down().withDetail("name", memberlist.config().name());
            return;
        }
        List<Member> members = memberlist.members();
        long suspect = members.stream().filter(m -> m.state() == MemberState.SUSPECT).count();
        builder.up()
                .withDetail("name", memberlist.config().name())
                .withDetail("address", memberlist.advertiseAddress().getAddress().getHostAddress()
                        + ":" + memberlist.advertiseAddress().getPort())
                .withDetail("members", members.size())
                .withDetail("alive", members.size() - suspect)
                .withDetail("suspect", suspect)
                .withDetail("healthScore", memberlist.healthScore());
    }
}
