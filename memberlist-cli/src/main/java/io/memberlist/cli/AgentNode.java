package io.memberlist.cli;

import java.util.List;
import java.util.Map;

/**
 * The node as the status endpoint sees it: what {@link StatusServer} needs and nothing more, so
 * that the HTTP side is tested without a cluster and the agent binds it to a real
 * {@code Memberlist}.
 *
 * <p>Methods are called on the HTTP server's threads, possibly concurrently.
 */
interface AgentNode {
    /** This node. */
    MemberInfo self();

    /** Every member this node knows, this node included, alive and suspect ones and those it saw fail or leave. */
    List<MemberInfo> members();

    /** Lifeguard's awareness score: 0 is healthy, higher means this node is slow to answer. */
    int healthScore();

    /**
     * Joins the cluster through these addresses ({@code [name/]host[:port]}), blocking until each was
     * tried.
     */
    JoinResult join(List<String> addresses);

    /**
     * Leaves the cluster gracefully (blocking until the departure was gossiped or the leave timed
     * out); the agent then shuts down once the reply has been sent.
     */
    void leave() throws Exception;

    /** The metrics in Prometheus' text exposition format. */
    String prometheusText();

    /** A few metrics for the live view by name ({@link KeyMetrics}); empty when there are none. */
    Map<String, Number> keyMetrics();

    /** The outcome of a join: how many addresses were reached, and why the others failed. */
    record JoinResult(int joined, String error) {}
}
