package io.memberlist.cli;

import io.memberlist.Config;
import io.memberlist.Member;
import java.time.Duration;
import java.util.List;

/**
 * The few things the tool does with a running member, so that the commands depend on this and
 * only {@link MemberlistClusterNode} on the library's facade.
 */
interface ClusterNode extends AutoCloseable {
    /** Starts a member: binds its sockets, marks itself alive, starts probing and gossiping. */
    static ClusterNode start(Config config) throws Exception {
        return MemberlistClusterNode.start(config);
    }

    /** Where the member is reached (its advertised address, with the real port). */
    HostPort gossipAddress();

    /** Joins through these addresses; throws with the reasons when none was reached. */
    int join(List<String> addresses) throws Exception;

    /** Announces a graceful departure and waits until it was gossiped, at most {@code timeout}. */
    void leave(Duration timeout) throws Exception;

    /** Stops at once, without telling anyone (as a crash looks to the others). */
    @Override
    void close();

    /** Live members (alive and suspect), this one included. */
    List<Member> members();

    Member self();

    int healthScore();
}
