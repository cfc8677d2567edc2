package io.memberlist.cli;

import io.memberlist.Config;

/** Placeholder until the io.memberlist.Memberlist facade lands on this branch. */
final class MemberlistClusterNode {
    private MemberlistClusterNode() {}

    static ClusterNode start(Config config) {
        throw new CliException("this build has no io.memberlist.Memberlist runtime yet");
    }
}
