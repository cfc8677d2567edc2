package io.memberlist.cli;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.Memberlist;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** {@link ClusterNode} on the library's facade, {@link Memberlist}. */
final class MemberlistClusterNode implements ClusterNode {
    private final Memberlist memberlist;

    private MemberlistClusterNode(Memberlist memberlist) {
        this.memberlist = memberlist;
    }

    static ClusterNode start(Config config) throws IOException {
        return new MemberlistClusterNode(Memberlist.create(config));
    }

    @Override
    public HostPort gossipAddress() {
        InetSocketAddress a = memberlist.advertiseAddress();
        return new HostPort(a.getAddress().getHostAddress(), a.getPort());
    }

    @Override
    public int join(List<String> addresses) throws Exception {
        return memberlist.join(addresses.toArray(String[]::new));
    }

    @Override
    public void leave(Duration timeout) {
        memberlist.leave(timeout);
    }

    @Override
    public void close() {
        memberlist.close();
    }

    @Override
    public List<Member> members() {
        return memberlist.members();
    }

    @Override
    public Member self() {
        return memberlist.localNode();
    }

    @Override
    public int healthScore() {
        return memberlist.healthScore();
    }
}
